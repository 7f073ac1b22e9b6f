using System;
using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.KernelTests.Frames;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>What one test run of one frame gave: the verdict as an integer and the frame as the program left it.</summary>
public sealed record FrameResult(int Verdict, byte[] Packet);

/// <summary>A map's kernel facts and every entry, sorted by key bytes.</summary>
public sealed record MapSnapshot(string Name, BpfMapType Type, uint KeySize, uint ValueSize, uint MaxEntries, IReadOnlyList<(byte[] Key, byte[] Value)> Entries);

/// <summary>Everything one object did over the corpus.</summary>
public sealed record RunResult(IReadOnlyList<FrameResult> Frames, IReadOnlyList<MapSnapshot> Maps);

/// <summary>Runs a pair's program over frames with <c>BPF_PROG_TEST_RUN</c> and snapshots the object's maps.</summary>
public static class ProgramRunner
{
    /// <summary>Runs every frame, in order, then dumps every map.</summary>
    public static RunResult Run(BpfObject obj, ProgramPair pair, IReadOnlyList<Frame> frames)
    {
        var results = new List<FrameResult>(frames.Count);
        Func<byte[], FrameResult> run = pair.Kind switch
        {
            ProgramKind.Xdp => Xdp(obj.GetXdpProgram(pair.Program)),
            ProgramKind.SocketFilter => SocketFilter(obj.GetSocketFilterProgram(pair.Program)),
            ProgramKind.CgroupSkb => CgroupSkb(obj.GetCgroupSkbProgram(pair.Program)),
            _ => Tc(obj.GetTcProgram(pair.Program)),
        };
        for (int i = 0; i < frames.Count; i++)
        {
            try
            {
                results.Add(run(frames[i].Bytes));
            }
            catch (BpfException e)
            {
                throw new InvalidOperationException(
                    $"{obj.Name}: test run of frame #{i} '{frames[i].Name}' ({frames[i].Bytes.Length} bytes) failed: {e.Message}\n  frame: {frames[i].Hex}", e);
            }
        }
        return new RunResult(results, Snapshot(obj));
    }

    /// <summary>Every map the object declared (libbpf's internal <c>.rodata</c>/<c>.bss</c>/… maps left out), by name.</summary>
    public static IReadOnlyList<MapSnapshot> Snapshot(BpfObject obj) =>
        obj.Maps
            .Where(m => !m.Name.Contains('.', StringComparison.Ordinal))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new MapSnapshot(m.Name, m.MapType, m.KeySize, m.ValueSize, m.MaxEntries,
                m.DumpRaw().OrderBy(e => e.Key, ByteOrderComparer.Instance).ToList()))
            .ToList();

    private static Func<byte[], FrameResult> Xdp(XdpProgram program) => frame =>
    {
        XdpTestRunResult r = program.TestRun(frame);
        return new FrameResult((int)r.Action, r.Packet);
    };

    // Socket filters and cgroup skb programs cannot write the packet: the frame is what went in.
    private static Func<byte[], FrameResult> SocketFilter(SocketFilterProgram program) => frame =>
        new FrameResult((int)program.TestRun(frame).KeptBytes, frame);

    private static Func<byte[], FrameResult> CgroupSkb(CgroupSkbProgram program) => frame =>
        new FrameResult((int)program.TestRun(frame).Action, frame);

    private static Func<byte[], FrameResult> Tc(TcProgram program) => frame =>
    {
        TcTestRunResult r = program.TestRun(frame);
        return new FrameResult((int)r.Action, r.Packet);
    };
}

/// <summary>Orders byte arrays lexicographically (shorter first on a common prefix).</summary>
public sealed class ByteOrderComparer : IComparer<byte[]>
{
    /// <summary>The comparer.</summary>
    public static ByteOrderComparer Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
