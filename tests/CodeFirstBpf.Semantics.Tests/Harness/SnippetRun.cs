using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Semantics.Tests.Harness;

/// <summary>
/// The outcome of one kernel-vs-.NET run of a snippet program: the differential report, the
/// <c>Out</c> map on each side after the last frame, and where they differ frame by frame.
/// </summary>
public sealed record SnippetRun(DifferentialReport? Report, ulong[]? KernelOut, ulong[]? DotNetOut, string? Failure)
{
    /// <summary>Frame-by-frame differences, when the report was not identical.</summary>
    public string? Detail { get; init; }

    /// <summary>True when the program ran on both sides and nothing differs.</summary>
    public bool Agrees => Failure == null && Report is { Identical: true };

    internal static SnippetRun Failed(string why) => new(null, null, null, why);

    /// <inheritdoc />
    public override string ToString()
    {
        if (Failure != null) return "FAILED: " + Failure;
        return Report + (Detail == null ? "" : "\n" + Detail);
    }
}
