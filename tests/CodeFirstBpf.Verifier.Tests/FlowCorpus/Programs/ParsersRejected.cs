using CodeFirstBpf.Net;

// Mutants of ParsersAccepted.cs the verifier rejects.
namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

[Rejects("BPF3002", "the reserved event used without its null check")]
public static unsafe partial class RingBufferEventUnchecked
{
    static readonly RingBufferMap<FlowEvent> Events = new(sizeBytes: 4096 * 4);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        FlowEvent* e = Events.Reserve();
        e->Source = ctx.RxQueueIndex;
        Events.Submit(e);
        return XdpAction.Pass;
    }
}

[Rejects("BPF3002", "the route used without its null check")]
public static unsafe partial class LpmRouteUnchecked
{
    static readonly LpmTrieMap<uint, uint> Routes = new(maxEntries: 64);

    [Tc]
    public static TcAction M(TcContext ctx)
    {
        var key = new LpmKey<uint> { PrefixLength = 32, Data = ctx.Mark };
        uint* next = Routes.Lookup(key);
        ctx.Mark = *next;
        return TcAction.Ok;
    }
}

[Rejects("BPF3001", "the ICMP header written after a check of the IPv4 header only")]
public static unsafe partial class IcmpEchoReplyShortCheck
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var ip = (IPv4Header*)(ctx.Data + 14);
        var icmp = (IcmpHeader*)(ip + 1);
        if (ip + 1 > ctx.DataEnd) return XdpAction.Pass;
        if (ip->Protocol != IpProtocol.Icmp) return XdpAction.Pass;
        icmp->Type = 0;
        return XdpAction.Tx;
    }
}

[Rejects("BPF3001", "the option's length byte read before the check of its two bytes")]
public static unsafe partial class TcpOptionWalkUnchecked
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var tcp = (TcpHeader*)(ctx.Data + 34);
        if (tcp + 1 > end) return XdpAction.Pass;
        byte* opt = (byte*)(tcp + 1);
        return opt[1] == 4 ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "the extension header read at a variable offset without its check")]
public static unsafe partial class Ipv6ExtensionUnchecked
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var ip6 = (IPv6Header*)(ctx.Data + 14);
        if (ip6 + 2 > end) return XdpAction.Pass;
        byte* p = (byte*)(ip6 + 1);
        p += (p[1] + 1) * 8;
        return p[0] == IpProtocol.Tcp ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "the header hashed before its check")]
public static unsafe partial class HashOfUncheckedHeader
{
    static readonly HashMap<uint, ulong> Buckets = new(64);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var ip = (IPv4Header*)(ctx.Data + 14);
        uint h = (ip->SourceAddress * 0x9e3779b1u) ^ ip->DestinationAddress;
        ulong* b = Buckets.Lookup(h & 63);
        if (b != null) *b += 1;
        return XdpAction.Pass;
    }
}
