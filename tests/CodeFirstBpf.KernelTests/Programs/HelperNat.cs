using System.Threading;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// The destination NAT of <see cref="TcNat"/> (10.0.0.254:8080 → 10.1.2.3:80, TCP or UDP) done
/// through the kernel's skb helpers instead of direct packet access: headers are read with
/// <c>LoadBytes</c>, the address change goes into the L4 checksum as a <c>Bpf.CsumDiff</c> with the
/// pseudo-header flag, the port change with <c>L4CsumReplace</c> size 2, the IPv4 checksum with
/// <c>L3CsumReplace</c>, and the new values are written with <c>StoreBytes</c>.
/// </summary>
public static unsafe partial class HelperNat
{
    const uint Frontend = 0x0A0000FE, Backend = 0x0A010203;
    const ushort FrontendPort = 8080, BackendPort = 80;
    const uint RewrittenTcp = 0, RewrittenUdp = 1, UdpNoChecksum = 2, Untouched = 3;
    const uint EthernetLength = 14, IpChecksumOffset = 14 + 10, IpDestinationOffset = 14 + 16;

    static readonly ArrayMap<ulong> HelperNatStats = new(maxEntries: 4);

    static TcAction Count(uint slot)
    {
        ulong* c = HelperNatStats.Lookup(slot);
        if (c != null) Interlocked.Add(ref *c, 1);
        return TcAction.Ok;
    }

    [Tc]
    public static TcAction Dnat(TcContext ctx)
    {
        ushort etherType;
        if (ctx.LoadBytes(12, &etherType, 2) != 0 || etherType != ByteOrder.Htons(EtherType.IPv4)) return Count(Untouched);
        IPv4Header ip;
        if (ctx.LoadBytes(EthernetLength, &ip, (uint)sizeof(IPv4Header)) != 0) return Count(Untouched);
        if (ip.DestinationAddress != ByteOrder.Htonl(Frontend)) return Count(Untouched);
        if ((ip.FragmentOffset & ByteOrder.Htons(0x1FFF)) != 0) return Count(Untouched);
        uint ihl = (uint)ip.HeaderLength;
        if (ihl < sizeof(IPv4Header)) return TcAction.Shot;
        uint l4 = EthernetLength + ihl;

        ushort port;
        uint checkOffset;
        bool tcp = ip.Protocol == IpProtocol.Tcp;
        if (tcp)
        {
            TcpHeader th;
            if (ctx.LoadBytes(l4, &th, (uint)sizeof(TcpHeader)) != 0) return Count(Untouched);
            port = th.DestinationPort;
            checkOffset = l4 + 16;
        }
        else if (ip.Protocol == IpProtocol.Udp)
        {
            UdpHeader uh;
            if (ctx.LoadBytes(l4, &uh, (uint)sizeof(UdpHeader)) != 0) return Count(Untouched);
            port = uh.DestinationPort;
            checkOffset = uh.Checksum != 0 ? l4 + 6 : 0;
        }
        else return Count(Untouched);
        if (port != ByteOrder.Htons(FrontendPort)) return Count(Untouched);

        uint oldIp = ip.DestinationAddress;
        uint newIp = ByteOrder.Htonl(Backend);
        ushort newPort = ByteOrder.Htons(BackendPort);
        if (checkOffset != 0)
        {
            long diff = Bpf.CsumDiff(&oldIp, 4, &newIp, 4, 0);
            if (diff < 0) return TcAction.Shot;
            if (ctx.L4CsumReplace(checkOffset, 0, (uint)diff, 0, pseudoHeader: true) != 0) return TcAction.Shot;
            if (ctx.L4CsumReplace(checkOffset, port, newPort, 2) != 0) return TcAction.Shot;
        }
        if (ctx.StoreBytes(l4 + 2, &newPort, 2) != 0) return TcAction.Shot;
        if (ctx.L3CsumReplace(IpChecksumOffset, oldIp, newIp, 4) != 0) return TcAction.Shot;
        if (ctx.StoreBytes(IpDestinationOffset, &newIp, 4, recomputeChecksum: true) != 0) return TcAction.Shot;
        return Count(tcp ? RewrittenTcp : checkOffset != 0 ? RewrittenUdp : UdpNoChecksum);
    }
}
