using System.Text;

namespace CodeFirstBpf.Bench;

/// <summary>A result table printed to the console and as Markdown for RESULTS.md.</summary>
internal sealed class Table(string title, params string[] columns)
{
    private readonly List<string[]> _rows = new();

    public string Title { get; } = title;

    /// <summary>Lines printed under the table (what a column means for this run, e.g. its noise).</summary>
    public List<string> Notes { get; } = new();

    public void Add(params object[] cells) => _rows.Add(cells.Select(c => c switch
    {
        double d => d.ToString(d >= 100 ? "F0" : d >= 10 ? "F1" : "F2", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    }).ToArray());

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append("### ").Append(Title).Append("\n\n| ").Append(string.Join(" | ", columns)).Append(" |\n|");
        foreach (var _ in columns) sb.Append("---|");
        sb.Append('\n');
        foreach (var r in _rows) sb.Append("| ").Append(string.Join(" | ", r)).Append(" |\n");
        if (Notes.Count > 0) sb.Append('\n');
        foreach (var n in Notes) sb.Append("- ").Append(n).Append('\n');
        return sb.ToString();
    }

    public void Print()
    {
        int[] widths = columns.Select((c, i) => Math.Max(c.Length, _rows.Count == 0 ? 0 : _rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        Console.WriteLine();
        Console.WriteLine(Title);
        Console.WriteLine(string.Join("  ", columns.Select((c, i) => c.PadLeft(widths[i]))));
        foreach (var r in _rows) Console.WriteLine(string.Join("  ", r.Select((c, i) => c.PadLeft(widths[i]))));
        foreach (var n in Notes) Console.WriteLine(n);
    }
}
