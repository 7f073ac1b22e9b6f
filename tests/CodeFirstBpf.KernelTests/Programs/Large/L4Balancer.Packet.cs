using System.Runtime.CompilerServices;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary><see cref="L4Balancer"/>'s parsers, its ICMP echo answers and its outer-header writers (BPF-to-BPF functions).</summary>
public static unsafe partial class L4Balancer
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int ParseIpv4(byte* data, byte* end, LbPacket* pkt)
    {
        var ip = (IPv4Header*)(data + sizeof(EthernetHeader));
        if (ip + 1 > end)
        {
            Bump(Malformed);
            return ParsedDrop;
        }
        if (ip->VersionIhl != 0x45)
        {
            Bump(Ipv4Options);
            return ParsedPass;
        }
        if ((ip->FragmentOffset & ByteOrder.Htons(0x3FFF)) != 0)
        {
            Bump(Fragment);
            return ParsedDrop;
        }
        pkt->Flow.Source[0] = ip->SourceAddress;
        pkt->Flow.Destination[0] = ip->DestinationAddress;
        pkt->Flow.Protocol = ip->Protocol;
        pkt->Tos = ip->Tos;
        pkt->Length = (uint)(end - data) - (uint)sizeof(EthernetHeader);
        return ParseL4((byte*)(ip + 1), end, pkt);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int ParseIpv6(byte* data, byte* end, LbPacket* pkt)
    {
        var ip6 = (IPv6Header*)(data + sizeof(EthernetHeader));
        if (ip6 + 1 > end)
        {
            Bump(Malformed);
            return ParsedDrop;
        }
        if (ip6->NextHeader == IpProtocol.Fragment)
        {
            Bump(Fragment);
            return ParsedDrop;
        }
        uint* s = (uint*)ip6->SourceAddress;
        uint* d = (uint*)ip6->DestinationAddress;
        pkt->Flow.Source[0] = s[0];
        pkt->Flow.Source[1] = s[1];
        pkt->Flow.Source[2] = s[2];
        pkt->Flow.Source[3] = s[3];
        pkt->Flow.Destination[0] = d[0];
        pkt->Flow.Destination[1] = d[1];
        pkt->Flow.Destination[2] = d[2];
        pkt->Flow.Destination[3] = d[3];
        pkt->Flow.Protocol = ip6->NextHeader;
        pkt->Tos = (byte)(ByteOrder.Ntohl(ip6->VersionClassFlow) >> 20);
        pkt->IsIpv6 = 1;
        pkt->Length = (uint)(end - data) - (uint)sizeof(EthernetHeader);
        return ParseL4((byte*)(ip6 + 1), end, pkt);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int ParseL4(byte* l4, byte* end, LbPacket* pkt)
    {
        byte protocol = pkt->Flow.Protocol;
        if (protocol == IpProtocol.Tcp)
        {
            var tcp = (TcpHeader*)l4;
            if (tcp + 1 > end)
            {
                Bump(Malformed);
                return ParsedDrop;
            }
            pkt->Flow.SourcePort = tcp->SourcePort;
            pkt->Flow.DestinationPort = tcp->DestinationPort;
            pkt->TcpFlags = tcp->Flags;
            return ParsedOk;
        }
        if (protocol == IpProtocol.Udp)
        {
            var udp = (UdpHeader*)l4;
            if (udp + 1 > end)
            {
                Bump(Malformed);
                return ParsedDrop;
            }
            pkt->Flow.SourcePort = udp->SourcePort;
            pkt->Flow.DestinationPort = udp->DestinationPort;
            return ParsedOk;
        }
        bool icmp4 = protocol == IpProtocol.Icmp && pkt->IsIpv6 == 0;
        bool icmp6 = protocol == IpProtocol.IcmpV6 && pkt->IsIpv6 != 0;
        if (icmp4 || icmp6)
        {
            var icmp = (IcmpHeader*)l4;
            if (icmp + 1 > end)
            {
                Bump(Malformed);
                return ParsedDrop;
            }
            pkt->IcmpType = icmp->Type;
            if (icmp->Type == (icmp4 ? 8 : 128)) return ParsedEcho;
        }
        Bump(NotBalanced);
        return ParsedPass;
    }

    static void SwapMacs(EthernetHeader* eth)
    {
        uint high = *(uint*)eth->Destination;
        ushort low = *(ushort*)(eth->Destination + 4);
        *(uint*)eth->Destination = *(uint*)eth->Source;
        *(ushort*)(eth->Destination + 4) = *(ushort*)(eth->Source + 4);
        *(uint*)eth->Source = high;
        *(ushort*)(eth->Source + 4) = low;
    }

    /// <summary>The IPv4 header checksum of a 20-byte header whose checksum field is zero.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static ushort Ipv4HeaderChecksum(IPv4Header* ip)
    {
        ushort* words = (ushort*)ip;
        uint sum = 0;
        for (int i = 0; i < 10; i++) sum += words[i];
        return (ushort)~Checksum.Fold(sum);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static XdpAction AnswerEcho4(byte* data, byte* end)
    {
        var eth = (EthernetHeader*)data;
        var ip = (IPv4Header*)(eth + 1);
        var icmp = (IcmpHeader*)(ip + 1);
        if (icmp + 1 > end) return Count(Malformed, XdpAction.Drop);
        SwapMacs(eth);
        uint source = ip->SourceAddress;
        ip->SourceAddress = ip->DestinationAddress;
        ip->DestinationAddress = source;
        ip->Ttl = 64;
        ip->Checksum = 0;
        ip->Checksum = Ipv4HeaderChecksum(ip);
        ushort before = *(ushort*)icmp;
        icmp->Type = 0;
        icmp->Checksum = Checksum.Replace16(icmp->Checksum, before, *(ushort*)icmp);
        return Count(EchoAnswered, XdpAction.Tx);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static XdpAction AnswerEcho6(byte* data, byte* end)
    {
        var eth = (EthernetHeader*)data;
        var ip6 = (IPv6Header*)(eth + 1);
        var icmp = (Icmpv6Header*)(ip6 + 1);
        if (icmp + 1 > end) return Count(Malformed, XdpAction.Drop);
        SwapMacs(eth);
        uint* s = (uint*)ip6->SourceAddress;
        uint* d = (uint*)ip6->DestinationAddress;
        for (int i = 0; i < 4; i++)
        {
            uint t = s[i];
            s[i] = d[i];
            d[i] = t;
        }
        ip6->HopLimit = 64;
        ushort before = *(ushort*)icmp;
        icmp->Type = Icmpv6Type.EchoReply;
        icmp->Checksum = Checksum.Replace16(icmp->Checksum, before, *(ushort*)icmp);
        return Count(EchoAnswered, XdpAction.Tx);
    }

    /// <summary>IPIP: a 20-byte outer header from 172.16.c.d (the client's low half) to the real.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void WriteOuterIpv4(IPv4Header* ip, LbPacket* pkt, LbReal* real)
    {
        ip->VersionIhl = 0x45;
        ip->Tos = pkt->Tos;
        ip->TotalLength = ByteOrder.Htons((ushort)(pkt->Length + 20));
        ip->Id = 0;
        ip->FragmentOffset = 0;
        ip->Ttl = 64;
        ip->Protocol = IpProtocol.IpIp;
        ip->SourceAddress = (pkt->Flow.Source[0] & 0xFFFF0000u) | 0x000010ACu;
        ip->DestinationAddress = real->Address[0];
        ip->Checksum = 0;
        ip->Checksum = Ipv4HeaderChecksum(ip);
    }

    /// <summary>IP6IP6 or 4in6: a 40-byte outer header from fd00::(client bits) to the real.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void WriteOuterIpv6(IPv6Header* ip6, LbPacket* pkt, LbReal* real, bool innerIpv6)
    {
        ip6->VersionClassFlow = ByteOrder.Htonl(0x60000000u | ((uint)pkt->Tos << 20));
        ip6->PayloadLength = ByteOrder.Htons((ushort)pkt->Length);
        ip6->NextHeader = innerIpv6 ? IpProtocol.IPv6 : IpProtocol.IpIp;
        ip6->HopLimit = 64;
        uint* s = (uint*)ip6->SourceAddress;
        uint* d = (uint*)ip6->DestinationAddress;
        s[0] = ByteOrder.Htonl(0xFD000000u);
        s[1] = 0;
        s[2] = pkt->Flow.Source[2];
        s[3] = pkt->Flow.Source[3] ^ pkt->Flow.Source[0];
        d[0] = real->Address[0];
        d[1] = real->Address[1];
        d[2] = real->Address[2];
        d[3] = real->Address[3];
    }
}
