using System.Runtime.CompilerServices;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace PodDataplane;

/// <summary><see cref="PodPrograms"/>' parser: Ethernet, one 802.1Q tag, IPv4 with options, TCP/UDP/ICMP and the packet an ICMP error quotes.</summary>
public static unsafe partial class PodPrograms
{
    const byte IcmpEchoReply = 0, IcmpUnreachable = 3, IcmpEchoRequest = 8, IcmpTimeExceeded = 11, IcmpParameterProblem = 12;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Parse(byte* data, byte* end, PodPacket* pkt)
    {
        var eth = (EthernetHeader*)data;
        if (eth + 1 > end) return Verdict(Reason.Malformed, ParsedDrop);
        ushort type = eth->EtherType;
        var ip = (IPv4Header*)(eth + 1);
        pkt->L3Offset = (uint)sizeof(EthernetHeader);
        if (type == ByteOrder.Htons(EtherType.Vlan))
        {
            var vlan = (VlanHeader*)(eth + 1);
            if (vlan + 1 > end) return Verdict(Reason.Malformed, ParsedDrop);
            type = vlan->EncapsulatedProtocol;
            ip = (IPv4Header*)(vlan + 1);
            pkt->L3Offset = (uint)(sizeof(EthernetHeader) + sizeof(VlanHeader));
            Bump(Reason.Vlan);
        }
        if (type != ByteOrder.Htons(EtherType.IPv4)) return Verdict(Reason.NotIpv4, ParsedPass);
        if (ip + 1 > end) return Verdict(Reason.Malformed, ParsedDrop);
        int ihl = ip->HeaderLength;
        if (ihl < sizeof(IPv4Header)) return Verdict(Reason.Malformed, ParsedDrop);
        if ((ip->FragmentOffset & ByteOrder.Htons(0x1FFF)) != 0) return Verdict(Reason.Fragment, ParsedPass);
        pkt->Source = ip->SourceAddress;
        pkt->Destination = ip->DestinationAddress;
        pkt->RouteDestination = ip->DestinationAddress;
        pkt->Protocol = ip->Protocol;
        pkt->Ttl = ip->Ttl;
        pkt->L4Offset = pkt->L3Offset + (uint)ihl;
        pkt->Length = (uint)(end - data);
        byte* l4 = (byte*)ip + ihl;
        if (ip->Protocol == IpProtocol.Tcp)
        {
            var tcp = (TcpHeader*)l4;
            if (tcp + 1 > end) return Verdict(Reason.Malformed, ParsedDrop);
            pkt->SourcePort = tcp->SourcePort;
            pkt->DestinationPort = tcp->DestinationPort;
            pkt->TcpFlags = tcp->Flags;
            return ParsedOk;
        }
        if (ip->Protocol == IpProtocol.Udp)
        {
            var udp = (UdpHeader*)l4;
            if (udp + 1 > end) return Verdict(Reason.Malformed, ParsedDrop);
            pkt->SourcePort = udp->SourcePort;
            pkt->DestinationPort = udp->DestinationPort;
            pkt->UdpChecksummed = (byte)(udp->Checksum != 0 ? 1 : 0);
            return ParsedOk;
        }
        if (ip->Protocol != IpProtocol.Icmp) return Verdict(Reason.Untracked, ParsedPass);
        var icmp = (IcmpHeader*)l4;
        if (icmp + 1 > end) return Verdict(Reason.Malformed, ParsedDrop);
        ushort id = (ushort)icmp->Rest;
        if (icmp->Type == IcmpEchoRequest)
        {
            pkt->SourcePort = id;
            return ParsedOk;
        }
        if (icmp->Type == IcmpEchoReply)
        {
            pkt->DestinationPort = id;
            return ParsedOk;
        }
        if (icmp->Type == IcmpUnreachable || icmp->Type == IcmpTimeExceeded || icmp->Type == IcmpParameterProblem)
            return ParseQuoted((IPv4Header*)(icmp + 1), end, pkt);
        return Verdict(Reason.Untracked, ParsedPass);
    }

    /// <summary>The tuple of the packet an ICMP error quotes (its IPv4 header and first 8 bytes), for the conntrack lookup.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int ParseQuoted(IPv4Header* inner, byte* end, PodPacket* pkt)
    {
        if (inner + 1 > end) return Verdict(Reason.Malformed, ParsedDrop);
        int ihl = inner->HeaderLength;
        if (ihl < sizeof(IPv4Header)) return Verdict(Reason.Malformed, ParsedDrop);
        var ports = (ushort*)((byte*)inner + ihl);
        if (ports + 2 > end) return Verdict(Reason.Malformed, ParsedDrop);
        pkt->IcmpError = 1;
        pkt->Source = inner->SourceAddress;
        pkt->Destination = inner->DestinationAddress;
        pkt->Protocol = inner->Protocol;
        pkt->SourcePort = 0;
        pkt->DestinationPort = 0;
        if (inner->Protocol == IpProtocol.Tcp || inner->Protocol == IpProtocol.Udp)
        {
            pkt->SourcePort = ports[0];
            pkt->DestinationPort = ports[1];
        }
        else if (inner->Protocol == IpProtocol.Icmp && ports + 3 <= end)
        {
            // A quoted echo request: its identifier follows type, code and checksum, and is the
            // "source port" its flow was tracked by.
            pkt->SourcePort = ports[2];
        }
        return ParsedOk;
    }
}
