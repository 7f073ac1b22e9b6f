using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// A TC classifier that writes <c>skb</c> metadata: sets <see cref="TcContext.Mark"/>,
/// <see cref="TcContext.Priority"/> and <see cref="TcContext.TcClassId"/> from DSCP and the L4
/// destination port (a switch expression with <c>or</c> and relational patterns), then reads them
/// back into maps so the kernel's view of the writes can be compared. Returns every kind of
/// verdict, including <see cref="TcAction.Unspec"/> (-1).
/// </summary>
public static unsafe partial class TcClassifier
{
    const uint SlotMark = 0, SlotPriority = 1, SlotClassId = 2, SlotLength = 3;

    static readonly HashMap<uint, ulong> MarkCounts = new(maxEntries: 1024);
    static readonly ArrayMap<ulong> PriorityCounts = new(maxEntries: 8);
    static readonly ArrayMap<uint> LastSeen = new(maxEntries: 4);

    static void Store(uint slot, uint value)
    {
        uint* p = LastSeen.Lookup(slot);
        if (p != null) *p = value;
    }

    static void Record(TcContext ctx)
    {
        Store(SlotMark, ctx.Mark);
        Store(SlotPriority, ctx.Priority);
        Store(SlotClassId, ctx.TcClassId);
        Store(SlotLength, ctx.Len);
        uint mark = ctx.Mark;
        ulong* m = MarkCounts.Lookup(mark);
        if (m != null) (*m)++;
        else MarkCounts.Update(mark, 1);
        ulong* pc = PriorityCounts.Lookup(ctx.Priority & 7);
        if (pc != null) (*pc)++;
    }

    [Tc]
    public static TcAction Classify(TcContext ctx)
    {
        if (ctx.Protocol == ByteOrder.Htons(EtherType.Arp)) return TcAction.Unspec;
        if (ctx.Protocol != ByteOrder.Htons(EtherType.IPv4))
        {
            ctx.Mark = 0xDEAD;
            Record(ctx);
            return TcAction.Pipe;
        }

        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        var ip = (IPv4Header*)(eth + 1);
        if (ip + 1 > end) return TcAction.Shot;
        uint dscp = (uint)(ip->Tos >> 2);

        ushort port = 0;
        byte* l4 = (byte*)ip + ip->HeaderLength;
        if ((ip->Protocol == IpProtocol.Tcp || ip->Protocol == IpProtocol.Udp) && l4 + 4 <= end)
            port = ByteOrder.Ntohs(((ushort*)l4)[1]);

        uint priority = port switch
        {
            22 => 6,
            53 => 5,
            80 or 443 => 4,
            >= 1024 => 1,
            _ => 2,
        };
        if (dscp == 46) priority = 7;

        ctx.Priority = priority;
        ctx.Mark = (dscp << 16) | port;
        ctx.TcClassId = (1u << 16) | priority;
        Record(ctx);
        return dscp == 63 ? TcAction.Shot : TcAction.Ok;
    }
}
