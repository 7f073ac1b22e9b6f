using System.Threading;
using CodeFirstBpf.Net;

// Map values the verifier accepts: every use is dominated by a null check, in the forms real
// programs write them. BPF3002 must stay silent on every one.
namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

public struct Counter2 { public ulong Packets, Bytes; }

public static unsafe partial class LookupReturnIfNull
{
    static readonly HashMap<uint, ulong> Counts = new(16);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        ulong* c = Counts.Lookup(ctx.RxQueueIndex);
        if (c == null) return XdpAction.Pass;
        *c += 1;
        return XdpAction.Pass;
    }
}

public static unsafe partial class LookupIfNotNull
{
    static readonly HashMap<uint, ulong> Counts = new(16);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        ulong* c = Counts.Lookup(ctx.RxQueueIndex);
        if (c != null) Interlocked.Increment(ref *c);
        return XdpAction.Pass;
    }
}

public static unsafe partial class LookupOrInsert
{
    static readonly LruHashMap<uint, Counter2> Flows = new(64);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        uint key = ctx.RxQueueIndex;
        Counter2* f = Flows.Lookup(key);
        if (f == null)
        {
            Flows.Update(key, new Counter2 { Packets = 1, Bytes = (ulong)(ctx.DataEnd - ctx.Data) });
            return XdpAction.Pass;
        }
        f->Packets++;
        f->Bytes += (ulong)(ctx.DataEnd - ctx.Data);
        return XdpAction.Pass;
    }
}

public static unsafe partial class TwoLookupsBothChecked
{
    static readonly ArrayMap<ulong> Limits = new(4);
    static readonly PerCpuArrayMap<ulong> Seen = new(4);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        uint q = ctx.RxQueueIndex & 3;
        ulong* limit = Limits.Lookup(q);
        ulong* seen = Seen.Lookup(q);
        if (limit == null || seen == null) return XdpAction.Pass;
        *seen += 1;
        return *seen > *limit ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class CheckedInHelper
{
    static readonly HashMap<uint, ulong> Counts = new(16);

    static void Bump(uint key)
    {
        ulong* c = Counts.Lookup(key);
        if (c == null) return;
        *c += 1;
    }

    [Tc]
    public static TcAction M(TcContext ctx)
    {
        Bump(ctx.Mark);
        Bump(ctx.Priority);
        return TcAction.Ok;
    }
}

public static unsafe partial class TryGetValueCopy
{
    static readonly HashMap<uint, Counter2> Flows = new(16);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
        => Flows.TryGetValue(ctx.RxQueueIndex, out var f) && f.Packets > 10 ? XdpAction.Drop : XdpAction.Pass;
}

public static unsafe partial class NullCheckPattern
{
    static readonly HashMap<uint, ulong> Counts = new(16);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        ulong* c = Counts.Lookup(ctx.IngressIfIndex);
        if (c is null) return XdpAction.Pass;
        return *c > 5 ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class NullCheckInLoop
{
    static readonly ArrayMap<ulong> Slots = new(8);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        ulong total = 0;
        for (uint i = 0; i < 8; i++)
        {
            ulong* s = Slots.Lookup(i);
            if (s == null) continue;
            total += *s;
        }
        return total > 100 ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class CheckedStructFields
{
    static readonly HashMap<uint, Counter2> Flows = new(16);

    [Tc]
    public static TcAction M(TcContext ctx)
    {
        Counter2* f = Flows.Lookup(ctx.Mark);
        if (f == null) return TcAction.Ok;
        Interlocked.Add(ref f->Bytes, ctx.Len);
        Interlocked.Increment(ref f->Packets);
        return f->Packets > 1000 ? TcAction.Shot : TcAction.Ok;
    }
}

public static unsafe partial class ConditionalUseAfterCheck
{
    static readonly HashMap<uint, ulong> Counts = new(16);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        ulong* c = Counts.Lookup(ctx.RxQueueIndex);
        ulong v = c != null ? *c : 0;
        return v > 3 ? XdpAction.Drop : XdpAction.Pass;
    }
}
