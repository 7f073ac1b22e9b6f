using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>State shared by the Bpf.Loop body across iterations.</summary>
public struct SumState
{
    public ulong Sum;
    public uint Limit;
}

/// <summary>
/// Bpf.Loop: a hundred thousand iterations (far beyond what the verifier walks in a bounded
/// loop), stopped early by the body, with the state passed by reference.
/// </summary>
public static unsafe partial class LoopSum
{
    static readonly ArrayMap<ulong> Results = new(maxEntries: 2);

    internal static long Add(uint index, ref SumState state)
    {
        if (index >= state.Limit) return 1;
        state.Sum += index;
        return 0;
    }

    [Xdp]
    public static XdpAction Run(XdpContext ctx)
    {
        var state = new SumState { Limit = 50_000 };
        long iterations = Bpf.Loop(100_000, &Add, ref state);
        ulong* sum = Results.Lookup(0);
        if (sum != null) *sum = state.Sum;
        ulong* count = Results.Lookup(1);
        if (count != null) *count = (ulong)iterations;
        return XdpAction.Pass;
    }
}
