using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.KernelTests.Frames;
using Xunit;
using Xunit.Abstractions;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// The compiler-correctness oracle: each C# program, compiled by the generator, must do exactly
/// what its clang-built C twin does over the whole corpus — same verdict and output frame for
/// every frame, same final contents of every map.
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    /// <summary>One pair: load both objects fresh, run the corpus through each in the same order, compare.</summary>
    [SkippableTheory]
    [MemberData(nameof(ProgramPair.Names), MemberType = typeof(ProgramPair))]
    public void CSharpProgramMatchesItsClangTwin(string name)
    {
        Kernel.Require();
        ProgramPair pair = ProgramPair.Named(name);
        IReadOnlyList<Frame> frames = pair.Frames;

        using CpuPinning pin = CpuPinning.ToCurrentCpu();
        using Runtime.BpfObject clangObject = pair.LoadC();
        using Runtime.BpfObject csharpObject = pair.LoadCSharp();
        RunResult clang = ProgramRunner.Run(clangObject, pair, frames);
        RunResult csharp = ProgramRunner.Run(csharpObject, pair, frames);

        IReadOnlyList<string> differences = DifferenceReport.Compare(pair, frames, csharp, clang);
        output.WriteLine($"{pair.Name}.{pair.Program} ({pair.Kind}): {frames.Count} frames on CPU {pin.Cpu}; verdicts {Histogram(pair, clang)}; maps {string.Join(", ", clang.Maps.Select(m => $"{m.Name}={m.Entries.Count}"))}");
        foreach (string line in differences) output.WriteLine(line);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    private static string Histogram(ProgramPair pair, RunResult run) => string.Join(", ",
        run.Frames.GroupBy(f => f.Verdict).OrderBy(g => g.Key).Select(g => $"{DifferenceReport.Verdict(pair.Kind, g.Key)}×{g.Count()}"));
}
