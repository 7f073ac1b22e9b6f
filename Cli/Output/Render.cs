using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace CodeFirstBpf.Cli.Output;

/// <summary>
/// Every table the CLI prints goes through here: a Spectre.Console table for people, or with
/// <c>--json</c> an array of objects keyed by the same column names for scripts.
/// </summary>
internal static class Render
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static void Table(string? title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows, bool json)
    {
        if (json)
        {
            var array = new JsonArray();
            foreach (var row in rows)
            {
                var o = new JsonObject();
                for (int i = 0; i < columns.Count; i++) o[columns[i]] = Value(i < row.Count ? row[i] : "");
                array.Add(o);
            }
            System.Console.WriteLine(array.ToJsonString(s_indented));
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        if (title != null) table.Title(Markup.Escape(title));
        foreach (var c in columns) table.AddColumn(new TableColumn(Markup.Escape(c)));
        int count = 0;
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)).ToArray());
            count++;
        }
        if (count == 0) table.AddRow(columns.Select((_, i) => (Spectre.Console.Rendering.IRenderable)new Text(i == 0 ? "(none)" : "")).ToArray());
        AnsiConsole.Write(table);
    }

    /// <summary>Numbers stay numbers in JSON; everything else is a string.</summary>
    private static JsonNode? Value(string cell)
        => ulong.TryParse(cell, out ulong u) ? JsonValue.Create(u)
        : long.TryParse(cell, out long l) ? JsonValue.Create(l)
        : cell is "true" or "false" ? JsonValue.Create(cell == "true")
        : JsonValue.Create(cell);

    public static void Line(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));
}
