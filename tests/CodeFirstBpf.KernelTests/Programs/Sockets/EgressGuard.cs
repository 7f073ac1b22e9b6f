using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// A cgroup skb egress program that drops the cgroup's UDP datagrams to one port (slot 0 of
/// <c>BlockedPort</c>, host order) and marks everything else, reading the packet directly
/// (cgroup skb data starts at the IP header). Counts allowed and dropped packets.
/// </summary>
public static unsafe partial class EgressGuard
{
    static readonly ArrayMap<uint> BlockedPort = new(maxEntries: 1);
    /// <summary>[0] allowed, [1] dropped.</summary>
    static readonly ArrayMap<ulong> Verdicts = new(maxEntries: 2);

    [CgroupSkb(CgroupSkbDirection.Egress)]
    public static CgroupSkbAction Guard(SkbContext ctx)
    {
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        IPv4Header* ip = (IPv4Header*)data;
        if (ip + 1 > end || (ip->VersionIhl >> 4) != 4 || ip->Protocol != IpProtocol.Udp) return Allow(ctx);
        UdpHeader* udp = (UdpHeader*)(data + ip->HeaderLength);
        if (ip->HeaderLength < 20 || udp + 1 > end) return Allow(ctx);
        uint* blocked = BlockedPort.Lookup(0);
        if (blocked != null && ByteOrder.Ntohs(udp->DestinationPort) == *blocked)
        {
            ulong* dropped = Verdicts.Lookup(1);
            if (dropped != null) *dropped += 1;
            return CgroupSkbAction.Drop;
        }
        return Allow(ctx);
    }

    private static CgroupSkbAction Allow(SkbContext ctx)
    {
        ctx.Mark = 0xC0FFEE;
        ulong* allowed = Verdicts.Lookup(0);
        if (allowed != null) *allowed += 1;
        return CgroupSkbAction.Allow;
    }
}
