using System.Runtime.CompilerServices;
using CodeFirstBpf;
using CodeFirstBpf.Net;

// Programs the kernel verifier must reject, one per hint category. Each marks the line the
// verifier should point at with "// REJECT"; the tests find that line in this file.
namespace CodeFirstBpf.Verifier.Tests.Rejected;

public static unsafe partial class NoBoundsCheck
{
    [Xdp]
    public static XdpAction Read(XdpContext ctx)
    {
        var eth = (EthernetHeader*)ctx.Data;
        return eth->EtherType == 8 ? XdpAction.Drop : XdpAction.Pass; // REJECT
    }
}

public static unsafe partial class NoNullCheck
{
    static readonly HashMap<uint, ulong> Counts = new(16);

    [Xdp]
    public static XdpAction Count(XdpContext ctx)
    {
        ulong* c = Counts.Lookup(ctx.RxQueueIndex);
        *c += 1; // REJECT
        return XdpAction.Pass;
    }
}

public unsafe struct Slots
{
    public fixed ulong Values[8];
}

public static unsafe partial class UnboundedIndex
{
    static readonly ArrayMap<Slots> Table = new(1);

    [Xdp]
    public static XdpAction Index(XdpContext ctx)
    {
        Slots* s = Table.Lookup(0);
        if (s == null) return XdpAction.Pass;
        uint i = ctx.RxQueueIndex;
        s->Values[i] = 1; // REJECT
        return XdpAction.Pass;
    }
}

public unsafe struct Frame300
{
    public fixed byte Bytes[300];
}

public static unsafe partial class StackTooDeep
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    static uint Inner(uint seed)
    {
        Frame300 f = default;
        for (int i = 0; i < 300; i++) f.Bytes[i] = (byte)(seed + (uint)i);
        uint sum = 0;
        for (int i = 0; i < 300; i += 7) sum += f.Bytes[i];
        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static uint Outer(uint seed)
    {
        Frame300 f = default;
        for (int i = 0; i < 300; i++) f.Bytes[i] = (byte)(seed ^ (uint)i);
        uint sum = Inner(f.Bytes[seed & 255]); // REJECT
        for (int i = 0; i < 300; i += 5) sum += f.Bytes[i];
        return sum;
    }

    [Xdp]
    public static XdpAction Deep(XdpContext ctx) => (XdpAction)(Outer(ctx.RxQueueIndex) & 1);
}

public static unsafe partial class UnboundedLoop
{
    [Xdp]
    public static XdpAction Spin(XdpContext ctx)
    {
        ulong x = ctx.RxQueueIndex;
        ulong steps = 0;
        while (x != 1) // REJECT
        {
            x = (x & 1) == 0 ? x / 2 : 3 * x + 1;
            steps++;
        }
        return (XdpAction)(steps & 1);
    }
}

[BpfLicense("Proprietary")]
public static unsafe partial class GplOnlyHelper
{
    [Xdp]
    public static XdpAction Trace(XdpContext ctx)
    {
        Bpf.Printk("queue %u", ctx.RxQueueIndex); // REJECT
        return XdpAction.Pass;
    }
}
