using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// In-place rewrite with checksum fix-up: decrements the IPv4 TTL (incremental header checksum)
/// or the IPv6 hop limit behind an optional 802.1Q tag, swaps the MAC addresses through the
/// fixed buffers and returns <see cref="XdpAction.Tx"/>. Uses a helper with <c>out</c>
/// parameters, <c>&amp;ptr-&gt;Field</c>, and postfix decrement of packet fields.
/// </summary>
public static unsafe partial class TtlRouter
{
    const uint ForwardedV4 = 0, ForwardedV6 = 1, Expired = 2, NotIp = 3;

    static readonly ArrayMap<ulong> RouterStats = new(maxEntries: 4);

    static void Count(uint index)
    {
        ulong* c = RouterStats.Lookup(index);
        if (c != null) *c += 1;
    }

    static bool ParseL2(byte* data, byte* end, out ushort proto, out int l3Offset)
    {
        proto = 0;
        l3Offset = 0;
        var eth = (EthernetHeader*)data;
        if (eth + 1 > end) return false;
        proto = eth->EtherType;
        l3Offset = sizeof(EthernetHeader);
        if (proto == ByteOrder.Htons(EtherType.Vlan))
        {
            var tag = (VlanHeader*)(eth + 1);
            if (tag + 1 > end) return false;
            proto = tag->EncapsulatedProtocol;
            l3Offset += sizeof(VlanHeader);
        }
        return true;
    }

    static void SwapMacs(EthernetHeader* eth)
    {
        for (int i = 0; i < 6; i++)
        {
            byte t = eth->Destination[i];
            eth->Destination[i] = eth->Source[i];
            eth->Source[i] = t;
        }
    }

    [Xdp]
    public static XdpAction Forward(XdpContext ctx)
    {
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        if (!ParseL2(data, end, out ushort proto, out int l3Offset)) return XdpAction.Aborted;

        byte* l3 = data + l3Offset;
        if (proto == ByteOrder.Htons(EtherType.IPv4))
        {
            var ip = (IPv4Header*)l3;
            if (ip + 1 > end) return XdpAction.Drop;
            if (ip->Ttl <= 1) { Count(Expired); return XdpAction.Drop; }
            ushort* ttlWord = (ushort*)&ip->Ttl;
            ushort before = *ttlWord;
            ip->Ttl--;
            ip->Checksum = Checksum.Replace16(ip->Checksum, before, *ttlWord);
            Count(ForwardedV4);
        }
        else if (proto == ByteOrder.Htons(EtherType.IPv6))
        {
            var ip6 = (IPv6Header*)l3;
            if (ip6 + 1 > end) return XdpAction.Drop;
            if (ip6->HopLimit <= 1) { Count(Expired); return XdpAction.Drop; }
            ip6->HopLimit--;
            Count(ForwardedV6);
        }
        else
        {
            Count(NotIp);
            return XdpAction.Pass;
        }
        SwapMacs((EthernetHeader*)data);
        return XdpAction.Tx;
    }
}
