using CodeFirstBpf.Net;

// Mutants of LoopsAccepted.cs the verifier rejects (program too large or too complex): the
// clamp, mask or guard removed, a start the verifier cannot know. Each touches a map slot that
// depends on the counter, so every trip pushes a branch and the verifier gives up at 8,192 of
// them in seconds instead of walking a million instructions.
namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

[Rejects("BPF3003", "the clamp of a context field removed")]
public static unsafe partial class UnclampedBoundTouch
{
    static readonly ArrayMap<ulong> Hits = new(64);

    [Tc]
    public static TcAction M(TcContext ctx)
    {
        uint n = ctx.Len;
        for (uint i = 0; i < n; i++)
        {
            ulong* h = Hits.Lookup(i & 63);
            if (h != null) *h += 1;
        }
        return TcAction.Ok;
    }
}

[Rejects("BPF3003", "the mask removed")]
public static unsafe partial class UnmaskedBoundTouch
{
    static readonly ArrayMap<ulong> Hits = new(32);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        uint n = ctx.RxQueueIndex;
        for (uint i = 0; i < n; i++)
        {
            ulong* h = Hits.Lookup(i & 31);
            if (h != null) *h += 1;
        }
        return XdpAction.Pass;
    }
}

[Rejects("BPF3003", "the guard removed")]
public static unsafe partial class UnguardedCollatz
{
    static readonly ArrayMap<ulong> Hits = new(1);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        uint x = ctx.RxQueueIndex;
        while (x > 1)
        {
            x = (x & 1) == 0 ? x / 2 : 3 * x + 1;
            ulong* h = Hits.Lookup(0);
            if (h != null) *h += 1;
        }
        return XdpAction.Pass;
    }
}

[Rejects("BPF3003", "a countdown from a context field")]
public static unsafe partial class CountdownFromContext
{
    static readonly ArrayMap<ulong> Hits = new(1);

    [Tc]
    public static TcAction M(TcContext ctx)
    {
        for (uint i = ctx.Len; i > 0; i--)
        {
            ulong* h = Hits.Lookup(0);
            if (h != null) *h += i;
        }
        return TcAction.Ok;
    }
}

[Rejects("BPF3003", "a bound read from the packet")]
public static unsafe partial class BoundFromPacket
{
    static readonly ArrayMap<ulong> Hits = new(16);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 4 > ctx.DataEnd) return XdpAction.Pass;
        uint n = *(uint*)p;
        for (uint i = 0; i < n; i++)
        {
            ulong* h = Hits.Lookup(i & 15);
            if (h != null) *h += i;
        }
        return XdpAction.Pass;
    }
}

[Rejects("BPF3003", "a bound from a helper's result")]
public static unsafe partial class BoundFromRandom
{
    static readonly ArrayMap<ulong> Hits = new(16);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        uint n = Bpf.GetPrandomU32();
        for (uint i = 0; i < n; i++)
        {
            ulong* h = Hits.Lookup((uint)i & 15);
            if (h != null) *h += i;
        }
        return XdpAction.Pass;
    }
}

[Rejects("BPF3003", "the helper called with a context field instead of a constant")]
public static unsafe partial class ParameterBoundFromContext
{
    static readonly ArrayMap<ulong> Hits = new(16);

    static void Touch(uint count)
    {
        for (uint i = 0; i < count; i++)
        {
            ulong* h = Hits.Lookup(i & 15);
            if (h != null) *h += 1;
        }
    }

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        Touch(ctx.RxQueueIndex);
        return XdpAction.Pass;
    }
}
