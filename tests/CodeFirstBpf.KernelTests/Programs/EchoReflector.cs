using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// Answers ICMP echo requests (IPv4) and ICMPv6 echo requests in place: swaps MACs and IP
/// addresses with a generic <c>ref</c> helper (specialised for <c>byte</c> and <c>uint</c>),
/// rewrites TTL/hop limit and type with incremental checksum fix-ups, and returns
/// <see cref="XdpAction.Tx"/>.
/// </summary>
public static unsafe partial class EchoReflector
{
    const byte EchoRequest = 8, EchoReply = 0, EchoRequestV6 = 128, EchoReplyV6 = 129;

    static readonly ArrayMap<ulong> Replies = new(maxEntries: 2);

    static void Swap<T>(ref T a, ref T b) where T : unmanaged
    {
        T t = a;
        a = b;
        b = t;
    }

    static void CountReply(uint family)
    {
        ulong* c = Replies.Lookup(family);
        if (c != null) (*c)++;
    }

    [Xdp]
    public static XdpAction Reflect(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end) return XdpAction.Pass;

        if (eth->EtherType == ByteOrder.Htons(EtherType.IPv4))
        {
            var ip = (IPv4Header*)(eth + 1);
            if (ip + 1 > end) return XdpAction.Pass;
            if (ip->Protocol != IpProtocol.Icmp || ip->HeaderLength != sizeof(IPv4Header)) return XdpAction.Pass;
            var icmp = (IcmpHeader*)(ip + 1);
            if (icmp + 1 > end) return XdpAction.Pass;
            if (icmp->Type != EchoRequest || icmp->Code != 0) return XdpAction.Pass;

            Swap(ref ip->SourceAddress, ref ip->DestinationAddress);
            ushort oldTtl = *(ushort*)&ip->Ttl;
            ip->Ttl = 64;
            ip->Checksum = Checksum.Replace16(ip->Checksum, oldTtl, *(ushort*)&ip->Ttl);

            ushort oldType = *(ushort*)icmp;
            icmp->Type = EchoReply;
            icmp->Checksum = Checksum.Replace16(icmp->Checksum, oldType, *(ushort*)icmp);
            CountReply(0);
        }
        else if (eth->EtherType == ByteOrder.Htons(EtherType.IPv6))
        {
            var ip6 = (IPv6Header*)(eth + 1);
            if (ip6 + 1 > end) return XdpAction.Pass;
            if (ip6->NextHeader != IpProtocol.IcmpV6) return XdpAction.Pass;
            var icmp6 = (IcmpHeader*)(ip6 + 1);
            if (icmp6 + 1 > end) return XdpAction.Pass;
            if (icmp6->Type != EchoRequestV6 || icmp6->Code != 0) return XdpAction.Pass;

            for (int i = 0; i < 16; i++)
                Swap(ref ip6->SourceAddress[i], ref ip6->DestinationAddress[i]);
            ip6->HopLimit = 64;

            ushort oldType = *(ushort*)icmp6;
            icmp6->Type = EchoReplyV6;
            icmp6->Checksum = Checksum.Replace16(icmp6->Checksum, oldType, *(ushort*)icmp6);
            CountReply(1);
        }
        else
        {
            return XdpAction.Pass;
        }

        for (int i = 0; i < 6; i++)
            Swap(ref eth->Destination[i], ref eth->Source[i]);
        return XdpAction.Tx;
    }
}
