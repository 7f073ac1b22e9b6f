using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>Per-protocol key: 3 bytes of fields and one byte of padding.</summary>
public struct ProtoKey
{
    public ushort EtherType;
    public byte Protocol;
}

/// <summary>Per-protocol counters.</summary>
public struct ProtoCounters
{
    public ulong Packets;
    public ulong Bytes;
}

/// <summary>
/// Per-CPU maps: a per-CPU array histogram of frame sizes chosen by a switch expression with
/// relational patterns, and a per-CPU hash of counters keyed by (EtherType, protocol) behind an
/// optional VLAN tag. Uses <c>default</c>, pointer subtraction for the length, and plain
/// (non-atomic) increments of per-CPU values through pointers.
/// </summary>
public static unsafe partial class PerCpuStats
{
    static readonly PerCpuArrayMap<ulong> SizeBuckets = new(maxEntries: 8);
    static readonly PerCpuHashMap<ProtoKey, ProtoCounters> ByProtocol = new(maxEntries: 256);

    [Xdp]
    public static XdpAction CountProtocols(XdpContext ctx)
    {
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        uint length = (uint)(end - data);

        uint bucket = length switch
        {
            < 64 => 0,
            < 128 => 1,
            < 256 => 2,
            < 512 => 3,
            < 1024 => 4,
            _ => 5,
        };
        ulong* b = SizeBuckets.Lookup(bucket);
        if (b != null) *b += 1;

        var eth = (EthernetHeader*)data;
        if (eth + 1 > end) return XdpAction.Pass;

        ProtoKey key = default;
        ushort proto = eth->EtherType;
        byte* l3 = (byte*)(eth + 1);
        if (proto == ByteOrder.Htons(EtherType.Vlan))
        {
            var tag = (VlanHeader*)l3;
            if (tag + 1 > end) return XdpAction.Pass;
            proto = tag->EncapsulatedProtocol;
            l3 += sizeof(VlanHeader);
        }
        key.EtherType = ByteOrder.Ntohs(proto);
        if (proto == ByteOrder.Htons(EtherType.IPv4))
        {
            var ip = (IPv4Header*)l3;
            if (ip + 1 <= end) key.Protocol = ip->Protocol;
        }
        else if (proto == ByteOrder.Htons(EtherType.IPv6))
        {
            var ip6 = (IPv6Header*)l3;
            if (ip6 + 1 <= end) key.Protocol = ip6->NextHeader;
        }

        ProtoCounters* c = ByProtocol.Lookup(key);
        if (c != null)
        {
            c->Packets++;
            c->Bytes += length;
        }
        else
        {
            ByProtocol.Update(key, new ProtoCounters { Packets = 1, Bytes = length });
        }
        return XdpAction.Pass;
    }
}
