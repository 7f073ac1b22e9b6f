using System.Collections.Concurrent;
using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Corpus;

/// <summary>
/// The corpus: every construct of the README's supported subset must build, load and agree with
/// .NET; every rejected construct and odd input must give exactly one <c>BPF####</c> error at its
/// span, with no generator crash (CS8785, or a dead compile worker) and no C# errors. Prints the
/// table construct → outcome, and fails listing every row that is not as it must be.
/// </summary>
public class CorpusTests
{
    private readonly ITestOutputHelper _output;

    public CorpusTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public void Every_construct_is_either_correct_or_rejected_at_its_span()
    {
        Kernel.Require();
        var cases = SupportedCases.All().Concat(RejectedCases.All()).ToList();
        var outcomes = new ConcurrentDictionary<int, (bool Ok, string Outcome)>();
        // Two at a time: the compile workers are two, and the machine has two cores.
        Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => outcomes[i] = Evaluate(cases[i]));

        var table = new List<string> { $"{"construct",-46} | {"expect",-8} | outcome", new string('-', 120) };
        for (int i = 0; i < cases.Count; i++)
            table.Add($"{cases[i].Construct,-46} | {cases[i].Expect,-8} | {(outcomes[i].Ok ? "ok" : "FAIL")}: {outcomes[i].Outcome}");
        int failed = outcomes.Values.Count(o => !o.Ok);
        table.Add($"{cases.Count - failed} of {cases.Count} rows as they must be.");
        _output.WriteLine(string.Join("\n", table));
        Assert.True(failed == 0, $"{failed} corpus rows are not as they must be:\n" +
            string.Join("\n", table.Where(l => l.Contains("| FAIL", StringComparison.Ordinal))));
    }

    private static (bool Ok, string Outcome) Evaluate(CorpusCase c)
    {
        var (source, span) = Markup.Parse(c.MarkedSource);
        using var snippet = SnippetCompiler.Compile(source, c.Cpu);
        var crash = snippet.Diagnostics.FirstOrDefault(d => d.Id is "CRASH" or "CS8785" or "HARNESS");
        if (crash != null) return (false, "generator crash: " + OneLine(crash.Message));
        var csErrors = snippet.Errors.Where(d => !d.IsBpfError).ToList();
        if (c.Expect == Expectation.Agrees)
        {
            if (snippet.Errors.Any()) return (false, "did not build: " + string.Join("; ", snippet.Errors.Take(2).Select(d => d.Id + " " + OneLine(d.Message))));
            var run = snippet.Run();
            if (run.Agrees) return (true, $"agrees over {run.Report!.Packets} frames");
            return (false, run.Failure != null ? OneLine(run.Failure) : "differs: " + OneLine(run.Detail ?? run.Report!.ToString(), 3));
        }
        if (csErrors.Count > 0) return (false, "C# errors: " + string.Join("; ", csErrors.Take(2).Select(d => $"{d.Id} in {Path.GetFileName(d.Path)}: {OneLine(d.Message)}")));
        var bpf = snippet.BpfErrors.ToList();
        if (bpf.Count == 0)
        {
            // Accepted: then it must at least be correct, which tells the lead which way to fix it.
            var run = snippet.Run();
            return (false, "accepted, no BPF error" + (run.Agrees ? " (and agrees with .NET)" : "; kernel run: " + OneLine(run.Failure ?? run.Detail ?? "", 2)));
        }
        string first = $"{bpf[0].Id} [{bpf[0].Start}..{bpf[0].Start + bpf[0].Length})";
        if (bpf.Count > 1) return (false, $"{bpf.Count} BPF errors: " + string.Join("; ", bpf.Take(3).Select(d => $"{d.Id} [{d.Start}..{d.Start + d.Length})")) + $" (marked [{span!.Value.Start}..{span.Value.End}))");
        var d0 = bpf[0];
        bool inside = d0.InSnippet && span is { } s && d0.Start >= s.Start && d0.Start + d0.Length <= s.End;
        if (!inside) return (false, $"{first} outside the marked span [{span?.Start}..{span?.End}) in {Path.GetFileName(d0.Path)}: {OneLine(d0.Message)}");
        return (true, first);
    }

    private static string OneLine(string text, int lines = 1)
    {
        string joined = string.Join(" / ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(lines));
        return joined.Length > 160 ? joined[..160] + "…" : joined;
    }
}
