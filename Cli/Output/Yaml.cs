using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CodeFirstBpf.Cli.Output;

/// <summary>
/// Block-style YAML of a JSON tree, in the tree's member order, for Kubernetes manifests (kubectl
/// users read and edit YAML). Strings that YAML would read as anything but themselves (true, 1,
/// null, ones with ': ' or a leading '-') are written JSON-quoted, which YAML reads the same way.
/// </summary>
internal static partial class Yaml
{
    public static string Write(JsonObject root)
    {
        var sb = new StringBuilder();
        Members(sb, root, 0);
        return sb.ToString();
    }

    /// <summary>Each member on its own line; the first of an array item follows its "- " (<paramref name="inline"/>).</summary>
    private static void Members(StringBuilder sb, JsonObject o, int indent, bool inline = false)
    {
        bool first = true;
        foreach (var (key, value) in o)
        {
            if (!(first && inline)) sb.Append(' ', indent);
            first = false;
            sb.Append(Scalar(key)).Append(':');
            Value(sb, value, indent);
        }
    }

    private static void Value(StringBuilder sb, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: 0 }:
                sb.Append(" {}\n");
                break;
            case JsonObject child:
                sb.Append('\n');
                Members(sb, child, indent + 2);
                break;
            case JsonArray { Count: 0 }:
                sb.Append(" []\n");
                break;
            case JsonArray array:
                sb.Append('\n');
                foreach (var item in array)
                {
                    sb.Append(' ', indent + 2).Append("- ");
                    if (item is JsonObject { Count: > 0 } itemObject) Members(sb, itemObject, indent + 4, inline: true);
                    else sb.Append(ScalarOf(item)).Append('\n');
                }
                break;
            default:
                sb.Append(' ').Append(ScalarOf(value)).Append('\n');
                break;
        }
    }

    private static string ScalarOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Scalar(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        JsonObject { Count: 0 } => "{}",
        _ => throw new InvalidOperationException("nested collections inside YAML arrays are written as objects"),
    };

    private static string Scalar(string s)
        => Plain().IsMatch(s) && !Special().IsMatch(s) && !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? s
            : JsonSerializer.Serialize(s);

    [GeneratedRegex(@"^[A-Za-z0-9_/][A-Za-z0-9_./@+=-]*(:[A-Za-z0-9_./@+=-]+)*$")]
    private static partial Regex Plain();

    [GeneratedRegex(@"^(?i:true|false|yes|no|on|off|y|n|null|~)$")]
    private static partial Regex Special();
}
