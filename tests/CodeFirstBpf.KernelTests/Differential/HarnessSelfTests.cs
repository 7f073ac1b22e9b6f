using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.KernelTests.Frames;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// Negative controls: the harness must see a difference when there is one. Two runs of the same
/// clang twin over corpora that differ in one frame must differ in that frame's verdict, in a
/// hash map and in a per-CPU map, and the report must say where.
/// </summary>
public sealed class HarnessSelfTests
{
    [SkippableFact]
    public void ReportsAFrameAHashMapAndAPerCpuMapThatDiffer()
    {
        Kernel.Require();
        ProgramPair pair = ProgramPair.Named("IcmpFilter");
        IReadOnlyList<Frame> frames = pair.Frames;
        int icmp = frames.ToList().FindIndex(f => f.Name == "icmp-echo-request");
        Frame tcp = frames.First(f => f.Name == "tcp-syn-22");
        var altered = frames.Select((f, i) => i == icmp ? tcp : f).Append(tcp).ToList();

        using CpuPinning pin = CpuPinning.ToCurrentCpu();
        RunResult reference, other;
        using (BpfObject obj = pair.LoadC()) reference = ProgramRunner.Run(obj, pair, frames);
        using (BpfObject obj = pair.LoadC()) other = ProgramRunner.Run(obj, pair, altered);
        var trimmed = new RunResult(other.Frames.Take(frames.Count).ToList(), other.Maps);

        IReadOnlyList<string> report = DifferenceReport.Compare(pair, frames, trimmed, reference);
        string text = string.Join("\n", report);
        Assert.Contains($"1 of {frames.Count} frames differ", text);
        Assert.Contains($"frame #{icmp} 'icmp-echo-request'", text);
        Assert.Contains("C#   : Pass", text);
        Assert.Contains("clang: Drop", text);
        Assert.Contains("map 'DropsBySource' (Hash) differs in 1 entries", text);
        Assert.Contains("map 'PacketCount' (PerCpuArray) differs in 1 entries", text);
    }

    [SkippableFact]
    public void ReportsNothingForTwoFreshRunsOfTheSameObject()
    {
        Kernel.Require();
        ProgramPair pair = ProgramPair.Named("FlowTracker");
        using CpuPinning pin = CpuPinning.ToCurrentCpu();
        RunResult a, b;
        using (BpfObject obj = pair.LoadC()) a = ProgramRunner.Run(obj, pair, pair.Frames);
        using (BpfObject obj = pair.LoadC()) b = ProgramRunner.Run(obj, pair, pair.Frames);
        Assert.Empty(DifferenceReport.Compare(pair, pair.Frames, a, b));
        Assert.True(a.Maps.Single(m => m.Name == "Flows").Entries.Count > 20);
    }
}
