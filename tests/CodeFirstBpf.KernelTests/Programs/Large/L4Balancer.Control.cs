using System.Runtime.CompilerServices;
using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// <see cref="L4Balancer"/>'s control frames: op 1 adds a VIP, op 2 sets a real, op 3 fills up to
/// eight slots of a VIP's ring, op 4 removes a VIP. Whatever a record says is checked against the
/// table sizes first, so mutated control frames are refused or stay within the maps.
/// </summary>
public static unsafe partial class L4Balancer
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    static bool ApplyControl(byte* body, byte* end)
    {
        var head = (LbControl*)body;
        if (head + 1 > end) return false;
        byte* record = (byte*)(head + 1);
        switch (head->Op)
        {
            case 1:
            case 4:
            {
                var r = (LbVipRecord*)record;
                if (r + 1 > end || r->VipNumber >= MaxVips) return false;
                LbVipKey key = default;
                key.Address[0] = r->Address[0];
                key.Address[1] = r->Address[1];
                key.Address[2] = r->Address[2];
                key.Address[3] = r->Address[3];
                key.Port = r->Port;
                key.Protocol = r->Protocol;
                if (head->Op == 4) return LbVips.Delete(key) == 0;
                LbVipMeta meta = default;
                meta.Flags = r->Flags;
                meta.VipNumber = r->VipNumber;
                return LbVips.Update(key, meta) == 0;
            }
            case 2:
            {
                var r = (LbRealRecord*)record;
                if (r + 1 > end || r->Index >= MaxReals) return false;
                LbReal real = default;
                real.Address[0] = r->Address[0];
                real.Address[1] = r->Address[1];
                real.Address[2] = r->Address[2];
                real.Address[3] = r->Address[3];
                real.Flags = r->Flags;
                return LbReals.Update(r->Index, real) == 0;
            }
            case 3:
            {
                var r = (LbRingRecord*)record;
                if (r + 1 > end) return false;
                return FillRing(r, head->Count);
            }
            default:
                return false;
        }
    }

    static bool FillRing(LbRingRecord* r, uint count)
    {
        if (count == 0 || count > 8 || r->VipNumber >= MaxVips) return false;
        for (uint i = 0; i < 8; i++)
        {
            if (i >= count) break;
            uint slot = r->VipNumber * RingSize + ((r->FirstSlot + i) & (RingSize - 1));
            if (LbRing.Update(slot, r->Reals[i]) != 0) return false;
        }
        return true;
    }
}
