using System.Threading;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace FlowMonitorSample;

/// <summary>An IPv4 flow: addresses and ports in network order, then the protocol (3 bytes of padding, zeroed).</summary>
public struct FlowKey
{
    public uint Source;
    public uint Destination;
    public ushort SourcePort;
    public ushort DestinationPort;
    public byte Protocol;
}

/// <summary>What the monitor knows about a flow.</summary>
public struct FlowStats
{
    public ulong Packets;
    public ulong Bytes;
    public ulong FirstSeenNs;
    public ulong LastSeenNs;
}

/// <summary>Sent to userspace when a flow is first seen.</summary>
public struct NewFlowEvent
{
    public FlowKey Key;
    public ulong TimeNs;
}

/// <summary>
/// A TC flow monitor: counts packets and bytes per IPv4 5-tuple in an LRU hash (old flows make room
/// for new ones) and announces each new flow on a ring buffer.
/// </summary>
public static unsafe partial class FlowMonitor
{
    static readonly LruHashMap<FlowKey, FlowStats> Flows = new(maxEntries: 16384);
    static readonly RingBufferMap<NewFlowEvent> NewFlows = new(sizeBytes: 64 * 1024);

    [Tc]
    public static TcAction Track(TcContext ctx)
    {
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > ctx.DataEnd) return TcAction.Ok;
        if (eth->EtherType != ByteOrder.Htons(EtherType.IPv4)) return TcAction.Ok;
        var ip = (IPv4Header*)(eth + 1);
        if (ip + 1 > ctx.DataEnd) return TcAction.Ok;

        FlowKey key = default;
        key.Source = ip->SourceAddress;
        key.Destination = ip->DestinationAddress;
        key.Protocol = ip->Protocol;
        if (ip->Protocol == IpProtocol.Tcp || ip->Protocol == IpProtocol.Udp)
        {
            int headerLength = ip->HeaderLength;
            if (headerLength < 20) return TcAction.Ok;
            var ports = (ushort*)((byte*)ip + headerLength);
            if (ports + 2 > ctx.DataEnd) return TcAction.Ok;
            key.SourcePort = ports[0];
            key.DestinationPort = ports[1];
        }

        ulong now = Bpf.KtimeGetNs();
        FlowStats* stats = Flows.Lookup(key);
        if (stats != null)
        {
            Interlocked.Increment(ref stats->Packets);
            Interlocked.Add(ref stats->Bytes, ctx.Len);
            stats->LastSeenNs = now;
            return TcAction.Ok;
        }

        var fresh = new FlowStats { Packets = 1, Bytes = ctx.Len, FirstSeenNs = now, LastSeenNs = now };
        if (Flows.Update(key, fresh, MapUpdate.NoExist) != 0) return TcAction.Ok; // another CPU won the race
        NewFlowEvent* e = NewFlows.Reserve();
        if (e != null)
        {
            e->Key = key;
            e->TimeNs = now;
            NewFlows.Submit(e);
        }
        return TcAction.Ok;
    }
}
