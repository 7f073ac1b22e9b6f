using System.Threading;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>IPv4 5-tuple: 13 bytes of fields and 3 bytes of tail padding.</summary>
public struct FlowKey
{
    public uint Source;
    public uint Destination;
    public ushort SourcePort;
    public ushort DestinationPort;
    public byte Protocol;
}

/// <summary>Per-flow counters: 21 bytes of fields and 3 bytes of tail padding (values are compared raw too).</summary>
public struct FlowStats
{
    public ulong Packets;
    public ulong Bytes;
    public uint FirstLength;
    public byte TcpFlags;
}

/// <summary>
/// A TC flow monitor: LRU hash keyed by a padded 5-tuple built with an object initializer,
/// <c>Interlocked.Increment</c>/<c>Interlocked.Add</c> on fields of a map value, <c>|=</c> on a
/// byte field through a pointer, a value struct created with an object initializer and inserted
/// with <see cref="MapUpdate.NoExist"/>, and IPv4 options skipped through
/// <see cref="IPv4Header.HeaderLength"/>.
/// </summary>
public static unsafe partial class FlowTracker
{
    const uint NotIpv4 = 0, Truncated = 1, Invalid = 2, Tracked = 3;

    static readonly LruHashMap<FlowKey, FlowStats> Flows = new(maxEntries: 4096);
    static readonly ArrayMap<ulong> TrackerStats = new(maxEntries: 4);

    static TcAction Count(uint index, TcAction verdict)
    {
        ulong* c = TrackerStats.Lookup(index);
        if (c != null) Interlocked.Increment(ref *c);
        return verdict;
    }

    [Tc]
    public static TcAction TrackFlows(TcContext ctx)
    {
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end) return Count(Truncated, TcAction.Ok);
        if (eth->EtherType != ByteOrder.Htons(EtherType.IPv4)) return Count(NotIpv4, TcAction.Ok);

        var ip = (IPv4Header*)(eth + 1);
        if (ip + 1 > end) return Count(Truncated, TcAction.Ok);
        int ihl = ip->HeaderLength;
        if (ihl < sizeof(IPv4Header)) return Count(Invalid, TcAction.Shot);
        byte* l4 = (byte*)ip + ihl;

        var key = new FlowKey
        {
            Source = ip->SourceAddress,
            Destination = ip->DestinationAddress,
            Protocol = ip->Protocol,
        };
        byte flags = 0;
        if (ip->Protocol == IpProtocol.Tcp)
        {
            var tcp = (TcpHeader*)l4;
            if (tcp + 1 > end) return Count(Truncated, TcAction.Ok);
            key.SourcePort = ByteOrder.Ntohs(tcp->SourcePort);
            key.DestinationPort = ByteOrder.Ntohs(tcp->DestinationPort);
            flags = tcp->Flags;
            if ((flags & 0x03) == 0x03) return Count(Invalid, TcAction.Shot);
        }
        else if (ip->Protocol == IpProtocol.Udp)
        {
            var udp = (UdpHeader*)l4;
            if (udp + 1 > end) return Count(Truncated, TcAction.Ok);
            key.SourcePort = ByteOrder.Ntohs(udp->SourcePort);
            key.DestinationPort = ByteOrder.Ntohs(udp->DestinationPort);
        }
        else if (ip->Protocol == IpProtocol.Icmp)
        {
            var icmp = (IcmpHeader*)l4;
            if (icmp + 1 > end) return Count(Truncated, TcAction.Ok);
            key.SourcePort = icmp->Type;
            key.DestinationPort = icmp->Code;
        }

        FlowStats* stats = Flows.Lookup(key);
        if (stats != null)
        {
            Interlocked.Increment(ref stats->Packets);
            Interlocked.Add(ref stats->Bytes, ctx.Len);
            stats->TcpFlags |= flags;
        }
        else
        {
            var fresh = new FlowStats { Packets = 1, Bytes = ctx.Len, FirstLength = ctx.Len, TcpFlags = flags };
            Flows.Update(key, fresh, MapUpdate.NoExist);
        }
        return Count(Tracked, TcAction.Ok);
    }
}
