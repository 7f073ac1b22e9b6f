using System.Runtime.CompilerServices;
using CodeFirstBpf.Net;

// Idioms of larger programs (load balancers, conntrack pipelines): option walks with a variable
// step, ring buffer events, LPM routes, an in-place ICMP echo reply, IPv6 extension headers, a
// helper that hashes a checked header. Every one loads; no flow rule may report.
namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

public struct FlowEvent { public uint Source, Destination; public ushort Port; public byte Protocol, Flags; }

public static unsafe partial class TcpOptionWalk
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var tcp = (TcpHeader*)(ctx.Data + 34);
        if (tcp + 1 > end) return XdpAction.Pass;
        byte* opt = (byte*)(tcp + 1);
        for (int i = 0; i < 8; i++)
        {
            if (opt + 2 > end) break;
            byte kind = opt[0];
            if (kind == 0) break;
            if (kind == 1) { opt++; continue; }
            if (kind == 2 && opt + 4 <= end) return *(ushort*)(opt + 2) == 0 ? XdpAction.Drop : XdpAction.Pass;
            byte len = opt[1];
            if (len < 2) break;
            opt += len & 0x3f;
        }
        return XdpAction.Pass;
    }
}

public static unsafe partial class RingBufferEvent
{
    static readonly RingBufferMap<FlowEvent> Events = new(sizeBytes: 4096 * 4);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var ip = (IPv4Header*)(ctx.Data + 14);
        if (ip + 1 > ctx.DataEnd) return XdpAction.Pass;
        FlowEvent* e = Events.Reserve();
        if (e == null) return XdpAction.Pass;
        e->Source = ip->SourceAddress;
        e->Destination = ip->DestinationAddress;
        e->Protocol = ip->Protocol;
        e->Port = 0;
        e->Flags = 0;
        Events.Submit(e);
        return XdpAction.Pass;
    }
}

public static unsafe partial class LpmRoute
{
    static readonly LpmTrieMap<uint, uint> Routes = new(maxEntries: 64);

    [Tc]
    public static TcAction M(TcContext ctx)
    {
        var ip = (IPv4Header*)(ctx.Data + 14);
        if (ip + 1 > ctx.DataEnd) return TcAction.Ok;
        var key = new LpmKey<uint> { PrefixLength = 32, Data = ip->DestinationAddress };
        uint* next = Routes.Lookup(key);
        if (next == null) return TcAction.Shot;
        ctx.Mark = *next;
        return TcAction.Ok;
    }
}

public static unsafe partial class IcmpEchoReply
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        var ip = (IPv4Header*)(eth + 1);
        var icmp = (IcmpHeader*)(ip + 1);
        if (icmp + 1 > end) return XdpAction.Pass;
        if (ip->Protocol != IpProtocol.Icmp || icmp->Type != 8) return XdpAction.Pass;
        uint a = ip->SourceAddress;
        ip->SourceAddress = ip->DestinationAddress;
        ip->DestinationAddress = a;
        icmp->Type = 0;
        uint sum = (uint)(ushort)~icmp->Checksum + 0xfff7u;
        sum = (sum & 0xffff) + (sum >> 16);
        icmp->Checksum = (ushort)~((sum & 0xffff) + (sum >> 16));
        for (int i = 0; i < 6; i++)
        {
            byte t = eth->Destination[i];
            eth->Destination[i] = eth->Source[i];
            eth->Source[i] = t;
        }
        return XdpAction.Tx;
    }
}

public static unsafe partial class Ipv6ExtensionWalk
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var ip6 = (IPv6Header*)(ctx.Data + 14);
        if (ip6 + 1 > end) return XdpAction.Pass;
        byte next = ip6->NextHeader;
        byte* p = (byte*)(ip6 + 1);
        for (int i = 0; i < 4; i++)
        {
            if (next != IpProtocol.HopByHop && next != IpProtocol.Routing && next != IpProtocol.DestinationOptions) break;
            if (p + 2 > end) return XdpAction.Pass;
            next = p[0];
            p += (p[1] + 1) * 8;
        }
        return next == IpProtocol.Tcp ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class HashOfCheckedHeader
{
    static readonly HashMap<uint, ulong> Buckets = new(64);

    static uint Hash(IPv4Header* ip) => (ip->SourceAddress * 0x9e3779b1u) ^ ip->DestinationAddress ^ ip->Protocol;

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var ip = (IPv4Header*)(ctx.Data + 14);
        if (ip + 1 > ctx.DataEnd) return XdpAction.Pass;
        ulong* b = Buckets.Lookup(Hash(ip) & 63);
        if (b != null) *b += 1;
        return XdpAction.Pass;
    }
}
