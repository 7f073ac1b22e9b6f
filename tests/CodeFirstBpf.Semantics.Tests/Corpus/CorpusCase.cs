using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Corpus;

/// <summary>What a corpus snippet must do.</summary>
public enum Expectation
{
    /// <summary>Build without BPF diagnostics, load, and agree with .NET over the frame corpus.</summary>
    Agrees,
    /// <summary>Exactly one <c>BPF####</c> error, inside the <c>[|…|]</c> span, and nothing else wrong.</summary>
    Rejected,
}

/// <summary>One row of the corpus: a construct, its snippet (with <c>[|…|]</c> markup for rejections), and what it must do.</summary>
public sealed record CorpusCase(string Construct, Expectation Expect, string MarkedSource, string Cpu = "v3")
{
    /// <summary>An XDP body (see <see cref="Snippets.Xdp"/>) that must agree.</summary>
    public static CorpusCase Ok(string construct, string body, string members = "", string types = "")
        => new(construct, Expectation.Agrees, Snippets.Xdp(body, members, types));

    /// <summary>A TC body (see <see cref="Snippets.Tc"/>) that must agree.</summary>
    public static CorpusCase OkTc(string construct, string body, string members = "", string types = "")
        => new(construct, Expectation.Agrees, Snippets.Tc(body, members, types));

    /// <summary>An XDP body with a <c>[|…|]</c> span that must be rejected there.</summary>
    public static CorpusCase Bad(string construct, string body, string members = "", string types = "", string cpu = "v3")
        => new(construct, Expectation.Rejected, Snippets.Xdp(body, members, types), cpu);

    /// <summary>A whole marked source that must be rejected in its span.</summary>
    public static CorpusCase BadSource(string construct, string source) => new(construct, Expectation.Rejected, source);

    /// <inheritdoc />
    public override string ToString() => Construct;
}
