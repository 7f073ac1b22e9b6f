using System.Threading;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// A TC destination NAT: 10.0.0.254:8080 (TCP or UDP) becomes 10.1.2.3:80, rewritten in the
/// packet with incremental fix-ups of the IPv4 header checksum and the L4 checksum (pseudo-header
/// address and port), honouring UDP's "no checksum" zero and its 0 → 0xFFFF rule. IPv4 options are
/// skipped through <see cref="IPv4Header.HeaderLength"/>; counters use <c>Interlocked.Add</c>.
/// </summary>
public static unsafe partial class TcNat
{
    const uint Frontend = 0x0A0000FE, Backend = 0x0A010203;
    const ushort FrontendPort = 8080, BackendPort = 80;
    const uint RewrittenTcp = 0, RewrittenUdp = 1, UdpNoChecksum = 2, Untouched = 3;

    static readonly ArrayMap<ulong> NatStats = new(maxEntries: 4);

    static TcAction Count(uint slot)
    {
        ulong* c = NatStats.Lookup(slot);
        if (c != null) Interlocked.Add(ref *c, 1);
        return TcAction.Ok;
    }

    [Tc]
    public static TcAction Rewrite(TcContext ctx)
    {
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end || eth->EtherType != ByteOrder.Htons(EtherType.IPv4)) return Count(Untouched);
        var ip = (IPv4Header*)(eth + 1);
        if (ip + 1 > end) return Count(Untouched);
        if (ip->DestinationAddress != ByteOrder.Htonl(Frontend)) return Count(Untouched);
        if ((ip->FragmentOffset & ByteOrder.Htons(0x1FFF)) != 0) return Count(Untouched);
        int ihl = ip->HeaderLength;
        if (ihl < sizeof(IPv4Header)) return TcAction.Shot;
        byte* l4 = (byte*)ip + ihl;

        uint oldIp = ip->DestinationAddress;
        uint newIp = ByteOrder.Htonl(Backend);
        ushort newPort = ByteOrder.Htons(BackendPort);
        switch (ip->Protocol)
        {
            case IpProtocol.Tcp:
            {
                var tcp = (TcpHeader*)l4;
                if (tcp + 1 > end || tcp->DestinationPort != ByteOrder.Htons(FrontendPort)) return Count(Untouched);
                ushort check = Checksum.Replace32(tcp->Checksum, oldIp, newIp);
                tcp->Checksum = Checksum.Replace16(check, tcp->DestinationPort, newPort);
                tcp->DestinationPort = newPort;
                ip->Checksum = Checksum.Replace32(ip->Checksum, oldIp, newIp);
                ip->DestinationAddress = newIp;
                return Count(RewrittenTcp);
            }
            case IpProtocol.Udp:
            {
                var udp = (UdpHeader*)l4;
                if (udp + 1 > end || udp->DestinationPort != ByteOrder.Htons(FrontendPort)) return Count(Untouched);
                bool hasChecksum = udp->Checksum != 0;
                if (hasChecksum)
                {
                    ushort check = Checksum.Replace32(udp->Checksum, oldIp, newIp);
                    check = Checksum.Replace16(check, udp->DestinationPort, newPort);
                    udp->Checksum = check == 0 ? (ushort)0xFFFF : check;
                }
                udp->DestinationPort = newPort;
                ip->Checksum = Checksum.Replace32(ip->Checksum, oldIp, newIp);
                ip->DestinationAddress = newIp;
                return Count(hasChecksum ? RewrittenUdp : UdpNoChecksum);
            }
            default:
                return Count(Untouched);
        }
    }
}
