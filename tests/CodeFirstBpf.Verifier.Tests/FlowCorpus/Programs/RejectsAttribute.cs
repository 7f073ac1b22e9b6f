namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

/// <summary>
/// Marks a mutant of the flow corpus: the kernel verifier rejects this program class, and its
/// mistake is the kind flow rule <see cref="Rule"/> is about. A program class without it must load.
/// </summary>
[System.AttributeUsage(System.AttributeTargets.Class)]
public sealed class RejectsAttribute(string rule, string mistake) : System.Attribute
{
    /// <summary>BPF3001 (bounds), BPF3002 (null check), BPF3003 (loop bound) or BPF3004 (program type).</summary>
    public string Rule { get; } = rule;

    /// <summary>What was changed from a program the verifier accepts.</summary>
    public string Mistake { get; } = mistake;
}
