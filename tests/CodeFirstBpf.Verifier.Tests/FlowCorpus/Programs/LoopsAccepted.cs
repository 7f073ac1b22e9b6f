using System.Runtime.CompilerServices;
using CodeFirstBpf.Net;

// Loops the verifier accepts: constant bounds, clamped bounds, bounds from a helper's parameter
// that its call sites pass as constants, and counting loops LLVM computes away. BPF3003 must
// stay silent on every one.
namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

public static unsafe partial class ConstantBoundTouch
{
    static readonly ArrayMap<ulong> Hits = new(16);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        for (uint i = 0; i < 16; i++)
        {
            ulong* h = Hits.Lookup(i);
            if (h != null) *h += ctx.RxQueueIndex;
        }
        return XdpAction.Pass;
    }
}

public static unsafe partial class ClampedBoundTouch
{
    static readonly ArrayMap<ulong> Hits = new(64);

    [Tc]
    public static TcAction M(TcContext ctx)
    {
        uint n = ctx.Len;
        if (n > 64) n = 64;
        for (uint i = 0; i < n; i++)
        {
            ulong* h = Hits.Lookup(i);
            if (h != null) *h += 1;
        }
        return TcAction.Ok;
    }
}

public static unsafe partial class MaskedBoundTouch
{
    static readonly ArrayMap<ulong> Hits = new(32);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        uint n = ctx.RxQueueIndex & 31;
        for (uint i = 0; i < n; i++)
        {
            ulong* h = Hits.Lookup(i);
            if (h != null) *h += 1;
        }
        return XdpAction.Pass;
    }
}

public static unsafe partial class MinBoundTouch
{
    static readonly ArrayMap<ulong> Hits = new(16);

    [Tc]
    public static TcAction M(TcContext ctx)
    {
        uint n = System.Math.Min(ctx.Len, 16u);
        for (uint i = 0; i < n; i++)
        {
            ulong* h = Hits.Lookup(i);
            if (h != null) *h += 1;
        }
        return TcAction.Ok;
    }
}

public static unsafe partial class NoInliningHelperLoop
{
    static readonly ArrayMap<ulong> Rounds = new(1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    static uint Mix(uint length, uint seed)
    {
        uint h = seed;
        while (length > 12)
        {
            h = (h ^ length) * 0x9e3779b1;
            ulong* r = Rounds.Lookup(0);
            if (r != null) *r += 1;
            length -= 12;
        }
        return h;
    }

    [Xdp]
    public static XdpAction M(XdpContext ctx) => (Mix(40, ctx.RxQueueIndex) & 1) == 0 ? XdpAction.Drop : XdpAction.Pass;
}

public static unsafe partial class ParameterBoundLoop
{
    static readonly ArrayMap<ulong> Hits = new(16);

    static void Touch(uint count)
    {
        for (uint i = 0; i < count; i++)
        {
            ulong* h = Hits.Lookup(i);
            if (h != null) *h += 1;
        }
    }

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        Touch(8);
        Touch(3);
        return XdpAction.Pass;
    }
}

public static unsafe partial class PureCountingLoop
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        uint n = ctx.RxQueueIndex, sum = 0;
        for (uint i = 0; i < n; i++) sum += i;
        return sum == 3 ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class GuardedWhile
{
    static readonly ArrayMap<ulong> Hits = new(1);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        uint x = ctx.RxQueueIndex;
        int guard = 0;
        while (x != 0 && ++guard < 32)
        {
            x >>= 1;
            ulong* h = Hits.Lookup(0);
            if (h != null) *h += 1;
        }
        return XdpAction.Pass;
    }
}

public static unsafe partial class ExitOnConstantInBody
{
    static readonly ArrayMap<ulong> Hits = new(1);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        uint n = ctx.RxQueueIndex;
        for (uint i = 0; i < n; i++)
        {
            if (i >= 24) break;
            ulong* h = Hits.Lookup(0);
            if (h != null) *h += i;
        }
        return XdpAction.Pass;
    }
}

public static unsafe partial class ByteBoundLoop
{
    static readonly ArrayMap<ulong> Hits = new(1);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var ip = (IPv4Header*)(ctx.Data + 14);
        if (ip + 1 > ctx.DataEnd) return XdpAction.Pass;
        uint n = (uint)(ip->VersionIhl & 0xf);
        for (uint i = 0; i < n; i++)
        {
            ulong* h = Hits.Lookup(0);
            if (h != null) *h += i;
        }
        return XdpAction.Pass;
    }
}

public static unsafe partial class NestedConstantLoops
{
    static readonly ArrayMap<ulong> Grid = new(16);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        for (uint r = 0; r < 4; r++)
            for (uint c = 0; c < 4; c++)
            {
                ulong* g = Grid.Lookup(r * 4 + c);
                if (g != null) *g += r ^ c;
            }
        return XdpAction.Pass;
    }
}

public static unsafe partial class DoWhileWithGuard
{
    static readonly ArrayMap<ulong> Hits = new(1);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        uint x = ctx.RxQueueIndex | 1;
        int steps = 0;
        do
        {
            x = x * 5 + 1;
            ulong* h = Hits.Lookup(0);
            if (h != null) *h += x;
        } while ((x & 7) != 0 && ++steps < 16);
        return XdpAction.Pass;
    }
}

/// <summary>Up to 65,535 trips: the verifier accepts it here, so a rule that must be sure is silent.</summary>
public static unsafe partial class WideMaskLoop
{
    static readonly ArrayMap<ulong> Hits = new(1);

    [Tc]
    public static TcAction M(TcContext ctx)
    {
        uint n = ctx.Len & 0xffff;
        for (uint i = 0; i < n; i++)
        {
            ulong* h = Hits.Lookup(0);
            if (h != null) *h += i;
        }
        return TcAction.Ok;
    }
}
