using System.Threading;
using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>
/// Global variables: [Config] values userspace sets before load (.rodata), a counter userspace
/// reads (.bss) and a setting userspace changes while loaded (.data).
/// </summary>
public static unsafe partial class Thresholds
{
    [Config] static readonly uint MinLength = 60;
    [Config] static readonly bool DropSmall = true;
    static ulong Seen;
    static uint Generation = 7;

    [Xdp]
    public static XdpAction Check(XdpContext ctx)
    {
        Interlocked.Increment(ref Seen);
        uint length = (uint)(ctx.DataEnd - ctx.Data);
        if (length < MinLength && DropSmall) return XdpAction.Drop;
        return Generation == 7 ? XdpAction.Pass : XdpAction.Tx;
    }
}
