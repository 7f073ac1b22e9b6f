using System;
using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.KernelTests.Frames;
using Xunit;
using Xunit.Abstractions;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// Checks the C twins themselves: each must give, frame by frame, the verdict and output frame the
/// C# program gives when it runs as plain .NET. This is what makes a twin a faithful reference
/// (C# promotions, wraparound and sign rules spelled out in C), independently of the generator.
/// </summary>
public sealed class DotNetOracleTests(ITestOutputHelper output)
{
    /// <summary>The clang twin in the kernel vs the C# method as .NET, over the whole corpus.</summary>
    [SkippableTheory]
    [MemberData(nameof(ProgramPair.Names), MemberType = typeof(ProgramPair))]
    public void ClangTwinAgreesWithTheProgramRunAsDotNet(string name)
    {
        Kernel.Require();
        ProgramPair pair = ProgramPair.Named(name);
        IReadOnlyList<Frame> frames = pair.Frames;
        RunResult clang;
        using (Runtime.BpfObject obj = pair.LoadC()) clang = ProgramRunner.Run(obj, pair, frames);

        IReadOnlyList<FrameResult> dotnet = pair.RunDotNetCorpus(frames);
        var lines = new List<string>();
        int differing = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            FrameResult net = dotnet[i], c = clang.Frames[i];
            if (net.Verdict == c.Verdict && net.Packet.AsSpan().SequenceEqual(c.Packet)) continue;
            if (++differing > DifferenceReport.Detailed) continue;
            lines.Add($"  frame #{i} '{frames[i].Name}': {frames[i].Hex}");
            lines.Add($"    .NET : {DifferenceReport.Verdict(pair.Kind, net.Verdict)}, out {Hex(net.Packet)}");
            lines.Add($"    clang: {DifferenceReport.Verdict(pair.Kind, c.Verdict)}, out {Hex(c.Packet)}");
        }
        output.WriteLine($"{pair.Name}: {frames.Count} frames, {differing} differ between the clang twin and .NET");
        foreach (string line in lines) output.WriteLine(line);
        Assert.True(differing == 0, $"{pair.Name}: {differing} frames differ between the clang twin and the program as .NET:\n" + string.Join("\n", lines));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
