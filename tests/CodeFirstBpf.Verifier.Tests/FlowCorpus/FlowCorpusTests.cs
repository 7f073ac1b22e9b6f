using System.Reflection;
using CodeFirstBpf.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

/// <summary>
/// The flow rules against the kernel (SPEC §5, issue 10 item 7): every corpus object is loaded
/// for real (the verifier's verdict), and the analyzers run over its source. A flow rule may
/// report an error only where the verifier rejects, so the accepted programs must draw none; the
/// mutants must really be rejected, so the corpus is honest; and the precision/recall table in
/// docs/flow-rules.md is what this run measures (CFB_UPDATE_FLOW_TABLE=1 rewrites it).
/// </summary>
public class FlowCorpusTests(ITestOutputHelper output)
{
    private static readonly string s_doc = Path.Combine(CorpusSources.Root(), "docs/flow-rules.md");

    [SkippableFact]
    public async Task Flow_rules_report_errors_only_where_the_verifier_rejects()
    {
        Kernel.Require();
        var analysis = System.Diagnostics.Stopwatch.StartNew();
        var sources = await CorpusSources.AnalyzeAsync();
        output.WriteLine($"analyzers over {sources.Count} program classes: {analysis.ElapsedMilliseconds} ms");
        var verdicts = new List<CorpusVerdict>();
        foreach (var source in sources)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var v = Load(source);
            verdicts.Add(v);
            output.WriteLine($"{(v.KernelAccepts ? "accepts" : "rejects")} {v.Source.FullName} [{string.Join(",", v.Reported)}] {v.Source.Rule} {v.VerifierMessage} ({clock.ElapsedMilliseconds} ms)");
        }

        var dishonest = verdicts.Where(v => v.KernelAccepts == (v.Source.Rule != null)).Select(v => v.Source.FullName + (v.KernelAccepts ? " loads but is marked [Rejects]" : " is rejected: " + v.VerifierMessage)).ToList();
        Assert.True(dishonest.Count == 0, "the corpus must say what the kernel does:\n" + string.Join("\n", dishonest));
        var wrongReason = verdicts.Where(v => !v.KernelAccepts && !MatchesRule(v)).Select(v => v.Source.FullName + " (" + v.Source.Rule + "): " + v.VerifierMessage).ToList();
        Assert.True(wrongReason.Count == 0, "each mutant must be rejected for its rule's reason:\n" + string.Join("\n", wrongReason));
        var falseErrors = verdicts.Where(v => v.KernelAccepts).SelectMany(v => v.Source.FlowReports).ToList();
        Assert.True(falseErrors.Count == 0, "flow-rule errors on programs the verifier accepts:\n" + string.Join("\n", falseErrors));

        Assert.True(sources.Count >= 100, "the corpus has only " + sources.Count + " objects");
        string table = FlowTable.Render(verdicts);
        output.WriteLine(table);
        string doc = File.ReadAllText(s_doc);
        int begin = doc.IndexOf(FlowTable.Begin, StringComparison.Ordinal), end = doc.IndexOf(FlowTable.End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "docs/flow-rules.md has no table markers");
        string committed = doc.Substring(begin, end + FlowTable.End.Length - begin) + "\n";
        if (Environment.GetEnvironmentVariable("CFB_UPDATE_FLOW_TABLE") == "1")
            File.WriteAllText(s_doc, doc.Substring(0, begin) + table + doc.Substring(end + FlowTable.End.Length + 1));
        else
            Assert.Equal(committed, table);
    }

    /// <summary>The verifier's words for each kind of mistake.</summary>
    private static bool MatchesRule(CorpusVerdict v) => v.Source.Rule switch
    {
        "BPF3001" => v.VerifierMessage!.Contains("invalid access to packet", StringComparison.Ordinal),
        // LLVM may fold the null path's pointer to the constant 0, which the verifier calls a scalar.
        "BPF3002" => v.VerifierMessage!.Contains("_or_null", StringComparison.Ordinal) || v.VerifierMessage.Contains("invalid mem access 'scalar'", StringComparison.Ordinal),
        "BPF3003" => v.VerifierMessage!.Contains("loop", StringComparison.Ordinal) || v.VerifierMessage.Contains("too large", StringComparison.Ordinal)
            || v.VerifierMessage.Contains("too complex", StringComparison.Ordinal),
        "BPF3004" => v.VerifierMessage!.Contains("helper", StringComparison.Ordinal) || v.VerifierMessage.Contains("unknown func", StringComparison.Ordinal)
            || v.VerifierMessage.Contains("invalid bpf_context access", StringComparison.Ordinal),
        _ => false,
    };

    private static CorpusVerdict Load(CorpusSource source)
    {
        var type = typeof(FlowCorpusTests).Assembly.GetType(source.FullName)
            ?? throw new InvalidOperationException(source.FullName + " was not compiled into this assembly");
        var load = type.GetMethod("Load", BindingFlags.Public | BindingFlags.Static, [typeof(BpfLoadOptions)])
            ?? throw new InvalidOperationException(source.FullName + " has no generated Load");
        try
        {
            ((IDisposable)load.Invoke(null, [null])!).Dispose();
            return new CorpusVerdict(source, true, null);
        }
        catch (TargetInvocationException e) when (e.InnerException is BpfVerifierException v)
        {
            return new CorpusVerdict(source, false, v.VerifierMessage);
        }
    }
}
