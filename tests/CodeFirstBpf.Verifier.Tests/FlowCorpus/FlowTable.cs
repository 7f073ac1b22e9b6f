using System.Globalization;
using System.Text;

namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

/// <summary>One corpus object after both verdicts: the kernel's and the flow rules'.</summary>
public sealed record CorpusVerdict(CorpusSource Source, bool KernelAccepts, string? VerifierMessage)
{
    public IEnumerable<string> Reported => Source.FlowReports.Select(d => d.Id).Distinct();
}

/// <summary>
/// Precision and recall of each flow rule over the corpus. A positive of a rule is a mutant the
/// kernel rejects whose mistake is that rule's kind; the rule finds it when it reports in that
/// class. Any report of the rule elsewhere (an accepted program, another rule's mutant) is false.
/// </summary>
public static class FlowTable
{
    public static readonly string[] Rules = ["BPF3001", "BPF3002", "BPF3003", "BPF3004"];

    private static readonly Dictionary<string, string> s_names = new()
    {
        ["BPF3001"] = "packet bounds",
        ["BPF3002"] = "map value null check",
        ["BPF3003"] = "loop bound",
        ["BPF3004"] = "helper / program type",
    };

    public const string Begin = "<!-- flow-table:begin (FlowCorpusTests writes this) -->", End = "<!-- flow-table:end -->";

    public static string Render(IReadOnlyList<CorpusVerdict> verdicts)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Begin);
        int accepted = verdicts.Count(v => v.KernelAccepts);
        int falseErrors = verdicts.Count(v => v.KernelAccepts && v.Reported.Any());
        sb.AppendLine(Invariant($"Corpus: {verdicts.Count} objects, {accepted} the verifier accepts ({verdicts.Count(v => v.Source.File.Contains("FlowCorpus", StringComparison.Ordinal) && v.KernelAccepts)} written for the corpus, the rest shipped tests and samples), {verdicts.Count - accepted} mutants it rejects. False errors on accepted programs: **{falseErrors}**."));
        sb.AppendLine();
        sb.AppendLine("| Rule | What | Mutants | Found | Missed | False reports | Precision | Recall |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (string rule in Rules)
        {
            var (positives, found, falseReports) = Count(verdicts, rule);
            sb.AppendLine(Invariant($"| {rule} | {s_names[rule]} | {positives} | {found} | {positives - found} | {falseReports} | {Percent(found, found + falseReports)} | {Percent(found, positives)} |"));
        }
        sb.AppendLine(End);
        return sb.ToString();
    }

    public static (int Positives, int Found, int FalseReports) Count(IReadOnlyList<CorpusVerdict> verdicts, string rule)
    {
        var positives = verdicts.Where(v => !v.KernelAccepts && v.Source.Rule == rule).ToList();
        int found = positives.Count(v => v.Reported.Contains(rule));
        int falseReports = verdicts.Count(v => v.Source.Rule != rule && v.Reported.Contains(rule));
        return (positives.Count, found, falseReports);
    }

    private static string Percent(int part, int whole) => whole == 0 ? "–" : Invariant($"{100.0 * part / whole:0}%");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
