using Microsoft.CodeAnalysis.Text;

namespace CodeFirstBpf.Semantics.Tests.Harness;

/// <summary><c>[|…|]</c> markup: the source without the markers, and the marked span.</summary>
public static class Markup
{
    /// <summary>Strips the one <c>[|…|]</c> pair from <paramref name="marked"/>; the span is null when there is none.</summary>
    public static (string Source, TextSpan? Span) Parse(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal);
        if (start < 0 || end < start) return (marked, null);
        string source = marked.Remove(end, 2).Remove(start, 2);
        return (source, new TextSpan(start, end - start - 2));
    }
}
