using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CodeFirstBpf.Generator.IR;

/// <summary>
/// Numbered metadata nodes (<c>!N = ...</c>). Uniqued nodes with the same text share a number;
/// distinct nodes and forward-declared ones get a number first and their text later. Numbers are
/// handed out in request order, so the same module always prints the same text.
/// </summary>
internal sealed class MetadataTable
{
    private readonly List<string?> _nodes = new();
    private readonly Dictionary<string, int> _unique = new();

    /// <summary>A uniqued node; returns its reference, e.g. <c>!7</c>.</summary>
    public string Add(string text)
    {
        if (_unique.TryGetValue(text, out int id)) return Ref(id);
        id = _nodes.Count;
        _nodes.Add(text);
        _unique[text] = id;
        return Ref(id);
    }

    /// <summary>Reserves a number for a node whose text refers to itself or to later nodes.</summary>
    public string Reserve()
    {
        _nodes.Add(null);
        return Ref(_nodes.Count - 1);
    }

    public void Set(string reference, string text) => _nodes[int.Parse(reference.Substring(1), CultureInfo.InvariantCulture)] = text;

    /// <summary><c>!{!1, !2}</c> as a uniqued tuple.</summary>
    public string Tuple(IEnumerable<string> items) => Add("!{" + string.Join(", ", items) + "}");

    private static string Ref(int id) => "!" + id.ToString(CultureInfo.InvariantCulture);

    public void Print(StringBuilder sb)
    {
        for (int i = 0; i < _nodes.Count; i++)
            sb.Append('!').Append(i.ToString(CultureInfo.InvariantCulture)).Append(" = ").Append(_nodes[i] ?? "!{}").Append('\n');
    }

    /// <summary>An LLVM metadata string literal: printable ASCII kept, the rest as <c>\XX</c>.</summary>
    public static string Quote(string s) => "\"" + Escape(s) + "\"";

    /// <summary>
    /// The body of an LLVM string literal (metadata strings and <c>c"…"</c> constants spell bytes
    /// the same way): the UTF-8 bytes, printable ASCII kept, quote, backslash and the rest as <c>\XX</c>.
    /// </summary>
    public static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(s))
        {
            if (b >= 0x20 && b < 0x7F && b != (byte)'"' && b != (byte)'\\') sb.Append((char)b);
            else sb.Append('\\').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
