using CodeFirstBpf.Net;

// Packet accesses the verifier accepts: each is covered by a check against DataEnd that
// dominates it, in the shapes real parsers use. BPF3001 must stay silent on every one.
namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

public unsafe struct Options9 { public byte Kind; public fixed byte Bytes[8]; }

public struct PortPair { public ushort A, B; }

public static unsafe partial class EthTypeChecked
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > ctx.DataEnd) return XdpAction.Pass;
        return eth->EtherType == ByteOrder.Htons(EtherType.Arp) ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class IPv4AfterEthernet
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end) return XdpAction.Pass;
        if (eth->EtherType != ByteOrder.Htons(EtherType.IPv4)) return XdpAction.Pass;
        var ip = (IPv4Header*)(eth + 1);
        if (ip + 1 > end) return XdpAction.Pass;
        return ip->Protocol == IpProtocol.Icmp ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class ByteOffsetChecked
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 14 > ctx.DataEnd) return XdpAction.Pass;
        return *(ushort*)(data + 12) == 0x0008 ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class ChecksumWalk
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var ip = (IPv4Header*)(ctx.Data + 14);
        if (ip + 1 > ctx.DataEnd) return XdpAction.Pass;
        ushort* w = (ushort*)ip;
        uint csum = 0;
        for (int i = 0; i < 10; i++) csum += *w++;
        return csum == 0xffff ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class ChecksumIndexed
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var ip = (IPv4Header*)(ctx.Data + 14);
        if (ip + 1 > ctx.DataEnd) return XdpAction.Pass;
        ushort* w = (ushort*)ip;
        uint csum = 0;
        for (int i = 0; i < 10; i++) csum += w[i];
        return csum == 0xffff ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class TcpAfterVariableHeader
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
        if (tcp + 1 > end) return XdpAction.Pass;
        return tcp->DestinationPort == ByteOrder.Htons(23) ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class UdpPorts
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var ip = (IPv4Header*)(ctx.Data + 14);
        var udp = (UdpHeader*)(ip + 1);
        if (udp + 1 > end) return XdpAction.Pass;
        if (ip->Protocol != IpProtocol.Udp) return XdpAction.Pass;
        return udp->DestinationPort == ByteOrder.Htons(53) && udp->SourcePort != 0 ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class HeaderBytesLoop
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* b = ctx.Data;
        if (b + 20 > ctx.DataEnd) return XdpAction.Pass;
        uint sum = 0;
        for (int i = 0; i < 20; i++) sum += b[i];
        return sum == 0 ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class VariableIndexOwnCheck
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var pairs = (PortPair*)ctx.Data;
        byte* end = ctx.DataEnd;
        if (pairs + 1 > end) return XdpAction.Pass;
        int i = pairs->A & 3;
        if (pairs + i + 1 > end) return XdpAction.Pass;
        return pairs[i].B == 1 ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class FixedBufferOwnCheck
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var o = (Options9*)ctx.Data;
        byte* end = ctx.DataEnd;
        if (o + 1 > end) return XdpAction.Pass;
        int k = o->Kind & 7;
        if (o->Bytes + k + 1 > end) return XdpAction.Pass;
        return o->Bytes[k] == 2 ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class CheckInInlinedHelper
{
    static ushort EtherTypeOf(EthernetHeader* eth, byte* end)
    {
        if (eth + 1 > end) return 0;
        return eth->EtherType;
    }

    [Xdp]
    public static XdpAction M(XdpContext ctx)
        => EtherTypeOf((EthernetHeader*)ctx.Data, ctx.DataEnd) == ByteOrder.Htons(EtherType.IPv6) ? XdpAction.Drop : XdpAction.Pass;
}

public static unsafe partial class TcChecked
{
    [Tc]
    public static TcAction M(TcContext ctx)
    {
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > ctx.DataEnd) return TcAction.Ok;
        return eth->EtherType == ByteOrder.Htons(EtherType.Arp) ? TcAction.Shot : TcAction.Ok;
    }
}

public static unsafe partial class SwapMacs
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 12 > ctx.DataEnd) return XdpAction.Pass;
        for (int i = 0; i < 6; i++)
        {
            byte t = p[i];
            p[i] = p[i + 6];
            p[i + 6] = t;
        }
        return XdpAction.Tx;
    }
}

public static unsafe partial class MirroredComparisons
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (end < (byte*)(eth + 1)) return XdpAction.Pass;
        var ip = (IPv4Header*)(eth + 1);
        if (!(ip + 1 <= end)) return XdpAction.Pass;
        if ((byte*)(ip + 1) + 4 < end)
            return ((byte*)(ip + 1))[3] == 7 ? XdpAction.Drop : XdpAction.Pass;
        return ip->Ttl == 1 ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class SwitchOnProtocol
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var ip = (IPv4Header*)(ctx.Data + 14);
        if (ip + 1 > end) return XdpAction.Pass;
        switch (ip->Protocol)
        {
            case IpProtocol.Tcp:
            {
                var tcp = (TcpHeader*)(ip + 1);
                if (tcp + 1 > end) return XdpAction.Pass;
                return tcp->Flags == 2 ? XdpAction.Drop : XdpAction.Pass;
            }
            case IpProtocol.Udp:
            {
                var udp = (UdpHeader*)(ip + 1);
                if (udp + 1 > end) return XdpAction.Pass;
                return udp->Length == 0 ? XdpAction.Drop : XdpAction.Pass;
            }
            default:
                return XdpAction.Pass;
        }
    }
}

public static unsafe partial class OptionalVlan
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end) return XdpAction.Pass;
        ushort type = eth->EtherType;
        byte* next = (byte*)(eth + 1);
        if (type == ByteOrder.Htons(EtherType.Vlan))
        {
            var vlan = (VlanHeader*)next;
            if (vlan + 1 > end) return XdpAction.Pass;
            type = vlan->EncapsulatedProtocol;
            next = (byte*)(vlan + 1);
        }
        if (type != ByteOrder.Htons(EtherType.IPv4)) return XdpAction.Pass;
        var ip = (IPv4Header*)next;
        if (ip + 1 > end) return XdpAction.Pass;
        return ip->Ttl <= 1 ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class IPv6Destination
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var ip6 = (IPv6Header*)(ctx.Data + 14);
        if (ip6 + 1 > ctx.DataEnd) return XdpAction.Pass;
        return ip6->NextHeader == IpProtocol.IcmpV6 && ip6->HopLimit == 255 ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class StrictLessThanCheck
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 3 < ctx.DataEnd) return p[3] == 1 ? XdpAction.Drop : XdpAction.Pass;
        return XdpAction.Pass;
    }
}

public static unsafe partial class RecheckAfterAdjustHead
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > ctx.DataEnd) return XdpAction.Pass;
        if (eth->EtherType != ByteOrder.Htons(EtherType.Vlan)) return XdpAction.Pass;
        if (ctx.AdjustHead(4) != 0) return XdpAction.Drop;
        var moved = (EthernetHeader*)ctx.Data;
        if (moved + 1 > ctx.DataEnd) return XdpAction.Drop;
        return moved->EtherType == 0 ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class ClampedScan
{
    [Tc]
    public static TcAction M(TcContext ctx)
    {
        byte* p = ctx.Data;
        uint n = ctx.Len;
        if (n > 64) n = 64;
        uint sum = 0;
        for (uint i = 0; i < n; i++)
        {
            if (p + i + 1 > ctx.DataEnd) break;
            sum += p[i];
        }
        return sum == 7 ? TcAction.Shot : TcAction.Ok;
    }
}
