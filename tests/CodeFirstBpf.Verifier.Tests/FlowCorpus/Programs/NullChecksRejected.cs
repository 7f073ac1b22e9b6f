using System.Threading;
using CodeFirstBpf.Net;

// Mutants of NullChecksAccepted.cs the verifier rejects ("map_value_or_null"): a null check
// removed, on one path only, or of the other lookup.
namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

[Rejects("BPF3002", "the null check removed")]
public static unsafe partial class LookupUnchecked
{
    static readonly HashMap<uint, ulong> Counts = new(16);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        ulong* c = Counts.Lookup(ctx.RxQueueIndex);
        *c += 1;
        return XdpAction.Pass;
    }
}

[Rejects("BPF3002", "the interlocked increment outside the check")]
public static unsafe partial class InterlockedUnchecked
{
    static readonly HashMap<uint, ulong> Counts = new(16);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        ulong* c = Counts.Lookup(ctx.RxQueueIndex);
        Interlocked.Increment(ref *c);
        return XdpAction.Pass;
    }
}

[Rejects("BPF3002", "the insert branch falls through to the use")]
public static unsafe partial class LookupOrInsertFallsThrough
{
    static readonly LruHashMap<uint, Counter2> Flows = new(64);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        uint key = ctx.RxQueueIndex;
        Counter2* f = Flows.Lookup(key);
        if (f == null) Flows.Update(key, new Counter2 { Packets = 1 });
        f->Packets++;
        return XdpAction.Pass;
    }
}

[Rejects("BPF3002", "the second lookup's check removed")]
public static unsafe partial class TwoLookupsOneChecked
{
    static readonly ArrayMap<ulong> Limits = new(4);
    static readonly PerCpuArrayMap<ulong> Seen = new(4);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        uint q = ctx.RxQueueIndex & 3;
        ulong* limit = Limits.Lookup(q);
        ulong* seen = Seen.Lookup(q);
        if (limit == null) return XdpAction.Pass;
        *seen += 1;
        return *seen > *limit ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3002", "the helper's null check removed")]
public static unsafe partial class UncheckedHelperLookup
{
    static readonly HashMap<uint, ulong> Counts = new(16);

    static void Bump(uint key)
    {
        ulong* c = Counts.Lookup(key);
        *c += 1;
    }

    [Tc]
    public static TcAction M(TcContext ctx)
    {
        Bump(ctx.Mark);
        return TcAction.Ok;
    }
}

[Rejects("BPF3002", "checked on one branch only")]
public static unsafe partial class CheckedOnOnePath
{
    static readonly HashMap<uint, ulong> Counts = new(16);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        ulong* c = Counts.Lookup(ctx.RxQueueIndex);
        if (ctx.IngressIfIndex == 1 && c == null) return XdpAction.Pass;
        return *c > 5 ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3002", "the null check in the loop removed")]
public static unsafe partial class LoopLookupUnchecked
{
    static readonly HashMap<uint, ulong> Slots = new(8);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        ulong total = 0;
        for (uint i = 0; i < 8; i++) total += *Slots.Lookup(i);
        return total > 100 ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3002", "a field of an unchecked struct value")]
public static unsafe partial class StructFieldUnchecked
{
    static readonly HashMap<uint, Counter2> Flows = new(16);

    [Tc]
    public static TcAction M(TcContext ctx)
    {
        Counter2* f = Flows.Lookup(ctx.Mark);
        return f->Packets > 1000 ? TcAction.Shot : TcAction.Ok;
    }
}

[Rejects("BPF3002", "the wrong pointer checked")]
public static unsafe partial class WrongPointerChecked
{
    static readonly HashMap<uint, ulong> Counts = new(16);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        ulong* a = Counts.Lookup(1);
        ulong* b = Counts.Lookup(2);
        if (a == null) return XdpAction.Pass;
        return *b > 5 ? XdpAction.Drop : XdpAction.Pass;
    }
}

[Rejects("BPF3002", "the array value used without a check")]
public static unsafe partial class ArrayLookupUnchecked
{
    static readonly ArrayMap<ulong> Slots = new(8);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        ulong* s = Slots.Lookup(ctx.RxQueueIndex);
        return *s > 5 ? XdpAction.Drop : XdpAction.Pass;
    }
}
