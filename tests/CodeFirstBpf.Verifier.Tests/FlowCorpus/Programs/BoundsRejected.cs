using CodeFirstBpf.Net;

// Mutants of BoundsAccepted.cs the verifier rejects ("invalid access to packet"): a check
// removed, too short, on the wrong branch, or a variable offset nothing checks.
namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

[Rejects("BPF3001", "the check of eth removed")]
public static unsafe partial class EthTypeUnchecked
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var eth = (EthernetHeader*)ctx.Data;
        return eth->EtherType == ByteOrder.Htons(EtherType.Arp) ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "the check on the wrong branch")]
public static unsafe partial class EthTypeWrongBranch
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 <= ctx.DataEnd) return XdpAction.Pass;
        return eth->EtherType == ByteOrder.Htons(EtherType.Arp) ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "only the Ethernet header checked before reading IPv4")]
public static unsafe partial class IPv4OnlyEthernetChecked
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end) return XdpAction.Pass;
        var ip = (IPv4Header*)(eth + 1);
        return ip->Protocol == IpProtocol.Icmp ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "off by one: 13 bytes checked, 14 read")]
public static unsafe partial class ByteOffsetOffByOne
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 13 > ctx.DataEnd) return XdpAction.Pass;
        return *(ushort*)(data + 12) == 0x0008 ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "the covering check of the walk removed")]
public static unsafe partial class ChecksumWalkUnchecked
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var ip = (IPv4Header*)(ctx.Data + 14);
        ushort* w = (ushort*)ip;
        uint csum = 0;
        for (int i = 0; i < 10; i++) csum += *w++;
        return csum == 0xffff ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "the walk runs 12 words past a 20-byte check")]
public static unsafe partial class ChecksumWalkTooFar
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var ip = (IPv4Header*)(ctx.Data + 14);
        if (ip + 1 > ctx.DataEnd) return XdpAction.Pass;
        ushort* w = (ushort*)ip;
        uint csum = 0;
        for (int i = 0; i < 12; i++) csum += *w++;
        return csum == 0xffff ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "the TCP header after a variable IHL not checked")]
public static unsafe partial class TcpAfterVariableHeaderUnchecked
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var ip = (IPv4Header*)(ctx.Data + 14);
        if (ip + 1 > end) return XdpAction.Pass;
        if (ip->Protocol != IpProtocol.Tcp) return XdpAction.Pass;
        int ihl = (ip->VersionIhl & 0xf) * 4;
        var tcp = (TcpHeader*)((byte*)ip + ihl);
        return tcp->DestinationPort == ByteOrder.Htons(23) ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "the UDP header checked against the IPv4 header's end only")]
public static unsafe partial class UdpPortsShortCheck
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var ip = (IPv4Header*)(ctx.Data + 14);
        var udp = (UdpHeader*)(ip + 1);
        if (ip + 1 > end) return XdpAction.Pass;
        return udp->DestinationPort == ByteOrder.Htons(53) ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "the loop reads 24 bytes after a 20-byte check")]
public static unsafe partial class HeaderBytesLoopTooFar
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* b = ctx.Data;
        if (b + 20 > ctx.DataEnd) return XdpAction.Pass;
        uint sum = 0;
        for (int i = 0; i < 24; i++) sum += b[i];
        return sum == 0 ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "the check of the computed pointer removed")]
public static unsafe partial class VariableIndexUnchecked
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var pairs = (PortPair*)ctx.Data;
        if (pairs + 4 > ctx.DataEnd) return XdpAction.Pass;
        int i = pairs->A & 3;
        return pairs[i].B == 1 ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "a fixed buffer indexed by a packet byte without its own check")]
public static unsafe partial class FixedBufferByPacketByte
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var o = (Options9*)ctx.Data;
        if (o + 1 > ctx.DataEnd) return XdpAction.Pass;
        int k = o->Kind & 7;
        return o->Bytes[k] == 2 ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "an index from a context field without a check")]
public static unsafe partial class IndexByQueue
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var pairs = (PortPair*)ctx.Data;
        if (pairs + 4 > ctx.DataEnd) return XdpAction.Pass;
        uint q = ctx.RxQueueIndex & 3;
        return pairs[q].A == 1 ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "the helper's check removed")]
public static unsafe partial class UncheckedInHelper
{
    static ushort EtherTypeOf(EthernetHeader* eth) => eth->EtherType;

    [Xdp]
    public static XdpAction M(XdpContext ctx)
        => EtherTypeOf((EthernetHeader*)ctx.Data) == ByteOrder.Htons(EtherType.IPv6) ? XdpAction.Drop : XdpAction.Pass;
}

[Rejects("BPF3001", "the check of eth removed in a TC program")]
public static unsafe partial class TcUnchecked
{
    [Tc]
    public static TcAction M(TcContext ctx)
    {
        var eth = (EthernetHeader*)ctx.Data;
        return eth->EtherType == ByteOrder.Htons(EtherType.Arp) ? TcAction.Shot : TcAction.Ok;
    }
}

[Rejects("BPF3001", "a write past an 11-byte check")]
public static unsafe partial class SwapMacsShortCheck
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 11 > ctx.DataEnd) return XdpAction.Pass;
        byte t = p[5];
        p[5] = p[11];
        p[11] = t;
        return XdpAction.Tx;
    }
}

[Rejects("BPF3001", "the VLAN header read without its check")]
public static unsafe partial class OptionalVlanUnchecked
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end) return XdpAction.Pass;
        ushort type = eth->EtherType;
        if (type == ByteOrder.Htons(EtherType.Vlan))
        {
            var vlan = (VlanHeader*)(eth + 1);
            type = vlan->EncapsulatedProtocol;
        }
        return type == ByteOrder.Htons(EtherType.IPv4) ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "an IPv6 header read after a check of 20 bytes")]
public static unsafe partial class IPv6CheckedAsIPv4
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var ip6 = (IPv6Header*)(ctx.Data + 14);
        if ((IPv4Header*)ip6 + 1 > ctx.DataEnd) return XdpAction.Pass;
        return ip6->DestinationAddress[15] == 1 ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3001", "p + 3 <= end checks 3 bytes, p[3] is the fourth")]
public static unsafe partial class LessOrEqualOffByOne
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 3 <= ctx.DataEnd) return p[3] == 1 ? XdpAction.Drop : XdpAction.Pass;
        return XdpAction.Pass;
    }
}

[Rejects("BPF3001", "the clamped scan's per-byte check removed")]
public static unsafe partial class ClampedScanUnchecked
{
    [Tc]
    public static TcAction M(TcContext ctx)
    {
        byte* p = ctx.Data;
        uint n = ctx.Len;
        if (n > 64) n = 64;
        uint sum = 0;
        for (uint i = 0; i < n; i++) sum += p[i];
        return sum == 7 ? TcAction.Shot : TcAction.Ok;
    }
}
