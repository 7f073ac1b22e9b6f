using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// One object, two programs of different types (XDP and TC) sharing maps and a helper: the ELF
/// holds both sections and both programs must pass the verifier. The TC side keys by
/// <see cref="TcContext.Protocol"/>, the XDP side by the parsed EtherType.
/// </summary>
public static unsafe partial class SharedCounters
{
    static readonly HashMap<ushort, ulong> ByEtherType = new(maxEntries: 128);
    static readonly ArrayMap<ulong> Totals = new(maxEntries: 2);

    static void Count(ushort etherType, uint side, uint length)
    {
        ulong* c = ByEtherType.Lookup(etherType);
        if (c != null) *c += length;
        else ByEtherType.Update(etherType, length);
        ulong* t = Totals.Lookup(side);
        if (t != null) (*t)++;
    }

    [Xdp]
    public static XdpAction CountXdp(XdpContext ctx)
    {
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > ctx.DataEnd) return XdpAction.Aborted;
        Count(ByteOrder.Ntohs(eth->EtherType), 0, (uint)(ctx.DataEnd - ctx.Data));
        return XdpAction.Pass;
    }

    [Tc]
    public static TcAction CountTc(TcContext ctx)
    {
        Count(ByteOrder.Ntohs((ushort)ctx.Protocol), 1, ctx.Len);
        return ctx.Len > 1000 ? TcAction.Shot : TcAction.Ok;
    }
}
