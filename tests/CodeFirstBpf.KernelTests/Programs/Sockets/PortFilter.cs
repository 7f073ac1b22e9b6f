using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// A socket filter that keeps only UDP datagrams to one port (slot 0 of <c>Port</c>, host order)
/// and counts what it kept and dropped. It reads from the IP header with
/// <c>LoadBytesRelative</c>, so it judges a test-run frame and a datagram on a real socket alike.
/// </summary>
public static unsafe partial class PortFilter
{
    static readonly ArrayMap<uint> Port = new(maxEntries: 1);
    /// <summary>[0] kept, [1] dropped.</summary>
    static readonly ArrayMap<ulong> Verdicts = new(maxEntries: 2);

    [SocketFilter]
    public static long KeepPort(SocketContext ctx)
    {
        IPv4Header ip;
        UdpHeader udp;
        if (ctx.LoadBytesRelative(0, &ip, (uint)sizeof(IPv4Header), SkbHeader.Network) < 0 || (ip.VersionIhl >> 4) != 4 || ip.Protocol != IpProtocol.Udp)
            return Count(1, 0);
        uint headerLength = (uint)(ip.VersionIhl & 0x0F) * 4;
        if (headerLength < 20 || ctx.LoadBytesRelative(headerLength, &udp, (uint)sizeof(UdpHeader), SkbHeader.Network) < 0)
            return Count(1, 0);
        uint* port = Port.Lookup(0);
        if (port == null || ByteOrder.Ntohs(udp.DestinationPort) != *port)
            return Count(1, 0);
        return Count(0, ctx.Len);
    }

    private static long Count(uint slot, uint keep)
    {
        ulong* n = Verdicts.Lookup(slot);
        if (n != null) *n += 1;
        return keep;
    }
}
