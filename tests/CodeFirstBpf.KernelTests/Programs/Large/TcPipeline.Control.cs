using System.Runtime.CompilerServices;
using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// <see cref="TcPipeline"/>'s control frames, one record of four words each: 0x11 a NAT frontend
/// (address; port | protocol &lt;&lt; 16; service; backend count), 0x12 a backend (service; ordinal;
/// address; port), 0x13 a route (prefix length; address; flags; interface), 0x14 a policy set
/// (prefix length; address; set), 0x15 a rule (set; port | protocol &lt;&lt; 16; action), 0x16 removes
/// a frontend. Sizes and prefix lengths are checked first, so mutated frames stay within the maps.
/// </summary>
public static unsafe partial class TcPipeline
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    static bool ApplyControl(PlControl* c, byte* end)
    {
        if (c + 1 > end) return false;
        switch (c->Op)
        {
            case 0x11:
            case 0x16:
            {
                PlNatKey frontend = default;
                frontend.Address = c->W0;
                frontend.Port = (ushort)c->W1;
                frontend.Protocol = (byte)(c->W1 >> 16);
                if (c->Op == 0x16) return PlFrontends.Delete(frontend) == 0;
                if (c->W3 > 16) return false;
                PlService service = default;
                service.Id = c->W2;
                service.Count = c->W3;
                return PlFrontends.Update(frontend, service) == 0;
            }
            case 0x12:
            {
                if (c->W1 >= 16) return false;
                PlBackendKey which = default;
                which.Service = c->W0;
                which.Ordinal = c->W1;
                PlBackend backend = default;
                backend.Address = c->W2;
                backend.Port = (ushort)c->W3;
                return PlBackends.Update(which, backend) == 0;
            }
            case 0x13:
            {
                if (c->W0 > 32) return false;
                var prefix = new LpmKey<uint> { PrefixLength = c->W0, Data = c->W1 };
                PlRoute route = default;
                route.Flags = c->W2;
                route.IfIndex = c->W3;
                return PlRoutes.Update(prefix, route) == 0;
            }
            case 0x14:
            {
                if (c->W0 > 32) return false;
                var prefix = new LpmKey<uint> { PrefixLength = c->W0, Data = c->W1 };
                uint set = c->W2;
                return PlPolicySets.Update(prefix, set) == 0;
            }
            case 0x15:
            {
                PlRuleKey rule = default;
                rule.Set = c->W0;
                rule.Port = (ushort)c->W1;
                rule.Protocol = (byte)(c->W1 >> 16);
                uint action = c->W2;
                return PlRules.Update(rule, action) == 0;
            }
            default:
                return false;
        }
    }
}
