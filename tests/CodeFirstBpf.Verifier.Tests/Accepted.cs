using System.Threading;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.Verifier.Tests;

/// <summary>A correct program with a struct-keyed map, for the BTF and bpftool checks.</summary>
public static unsafe partial class FlowCounter
{
    public struct FlowKey
    {
        public uint Source;
        public uint Destination;
        public ushort Port;
        public byte Protocol;
    }

    public struct FlowStats
    {
        public ulong Packets;
        public ulong Bytes;
    }

    static readonly HashMap<FlowKey, FlowStats> Flows = new(1024);

    [Xdp]
    public static XdpAction Count(XdpContext ctx)
    {
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > ctx.DataEnd) return XdpAction.Pass;
        if (eth->EtherType != ByteOrder.Htons(EtherType.IPv4)) return XdpAction.Pass;
        var ip = (IPv4Header*)(eth + 1);
        if (ip + 1 > ctx.DataEnd) return XdpAction.Pass;
        var key = new FlowKey { Source = ip->SourceAddress, Destination = ip->DestinationAddress, Protocol = ip->Protocol };
        FlowStats* s = Flows.Lookup(key);
        if (s == null)
        {
            var fresh = new FlowStats { Packets = 1, Bytes = (ulong)(ctx.DataEnd - ctx.Data) };
            Flows.Update(key, fresh);
            return XdpAction.Pass;
        }
        Interlocked.Increment(ref s->Packets);
        Interlocked.Add(ref s->Bytes, (ulong)(ctx.DataEnd - ctx.Data));
        return XdpAction.Pass;
    }
}
