using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace CodeFirstBpf.Cli.Fleet;

/// <summary>Where and how the programs of a class attach on every selected node.</summary>
internal sealed record AttachPoints(IReadOnlyList<string> Interfaces, int? Priority, string Direction, bool Tcx);

/// <summary>
/// A bpfman-operator <c>ClusterBpfApplication</c> (<c>bpfman.io/v1alpha1</c>, operator v0.6) for a
/// program class: the bytecode image, one entry per program with its links (XDP on interfaces;
/// TC or TCX with a direction), the node selector, and <c>globalData</c> for the [Config] values.
/// Members are added in one fixed order, so the same inputs give the same YAML.
/// </summary>
internal static class ClusterBpfApplication
{
    public static JsonObject Build(ProgramClass c, string name, string image, IReadOnlyDictionary<string, string> nodeLabels,
        AttachPoints attach, IReadOnlyDictionary<string, byte[]> globalData)
    {
        var spec = new JsonObject
        {
            ["nodeSelector"] = nodeLabels.Count == 0 ? new JsonObject() : new JsonObject { ["matchLabels"] = Strings(nodeLabels) },
            ["byteCode"] = new JsonObject { ["image"] = new JsonObject { ["url"] = image, ["imagePullPolicy"] = "IfNotPresent" } },
        };
        if (globalData.Count > 0)
            spec["globalData"] = new JsonObject(globalData.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)Convert.ToBase64String(g.Value))));
        spec["programs"] = new JsonArray(c.Programs.Select(p => (JsonNode?)Program(p.Name, p.Kind, attach, c.Name)).ToArray());
        return new JsonObject
        {
            ["apiVersion"] = "bpfman.io/v1alpha1",
            ["kind"] = "ClusterBpfApplication",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }

    /// <summary>A Kubernetes object name from a class name: IcmpFilter → icmp-filter.</summary>
    public static string NameOf(string className)
    {
        var chars = new List<char>();
        for (int i = 0; i < className.Length; i++)
        {
            char ch = className[i];
            if (char.IsUpper(ch) && i > 0 && (char.IsLower(className[i - 1]) || (i + 1 < className.Length && char.IsLower(className[i + 1])))) chars.Add('-');
            chars.Add(char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '-');
        }
        return new string(chars.ToArray()).Trim('-');
    }

    private static JsonObject Program(string name, string kind, AttachPoints attach, string className)
    {
        var link = new JsonObject();
        (string type, string key) = kind switch
        {
            "Xdp" => ("XDP", "xdp"),
            "Tc" when attach.Tcx => ("TCX", "tcx"),
            "Tc" => ("TC", "tc"),
            _ => throw BpfmanSupport.Refusal(className, name, kind, "a bpfman manifest"),
        };
        if (key != "xdp") link["direction"] = attach.Direction;
        link["interfaceSelector"] = attach.Interfaces.Count == 0
            ? new JsonObject { ["primaryNodeInterface"] = true }
            : new JsonObject { ["interfaces"] = new JsonArray(attach.Interfaces.Select(i => (JsonNode?)i).ToArray()) };
        if (attach.Priority is { } priority) link["priority"] = priority;
        return new JsonObject
        {
            ["name"] = name,
            ["type"] = type,
            [key] = new JsonObject { ["links"] = new JsonArray(link) },
        };
    }

    private static JsonObject Strings(IReadOnlyDictionary<string, string> entries)
        => new(entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value)));
}
