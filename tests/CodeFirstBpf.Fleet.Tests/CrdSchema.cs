using System.Text.RegularExpressions;

namespace CodeFirstBpf.Fleet.Tests;

/// <summary>
/// The part of the bpfman-operator v0.6.0 CRD <c>config/crd/bases/bpfman.io_clusterbpfapplications.yaml</c>
/// (group bpfman.io, version v1alpha1, kind ClusterBpfApplication, cluster scoped) that cfbpf
/// writes, transcribed by hand from reading it: field names, required fields, enums, bounds,
/// formats; plus its x-kubernetes-validations that a program of type XDP has <c>xdp</c> (and not
/// the others) and so on. Fields the CRD has and cfbpf never writes (uprobe, fentry, …) are left
/// out, so emitting one fails here, as any field the CRD lacks does.
/// </summary>
internal static class CrdSchema
{
    private const string IdentPattern = "^[a-zA-Z][a-zA-Z0-9_]+.";

    private static readonly Node Selector = Obj([], new()
    {
        ["matchLabels"] = Map(Str()),
        ["matchExpressions"] = Arr(Obj(["key", "operator"], new() { ["key"] = Str(), ["operator"] = Str(), ["values"] = Arr(Str()) })),
    });

    // interfaceSelector: exactly one of its properties (minProperties = maxProperties = 1).
    private static readonly Node InterfaceSelector = Obj([], new()
    {
        ["interfaces"] = Arr(Str()),
        ["primaryNodeInterface"] = Bool(),
        ["interfacesDiscoveryConfig"] = Obj([], new()),
    }, exactlyOne: true);

    private static readonly Node NetworkNamespaces = Obj(["pods"], new() { ["namespace"] = Str(), ["pods"] = Selector });

    private static readonly Node Priority = Int(0, 1000);

    public static readonly Node ClusterBpfApplication = Obj(["apiVersion", "kind", "metadata", "spec"], new()
    {
        ["apiVersion"] = Str(["bpfman.io/v1alpha1"]),
        ["kind"] = Str(["ClusterBpfApplication"]),
        ["metadata"] = Obj(["name"], new() { ["name"] = Str(pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"), ["labels"] = Map(Str()) }),
        ["spec"] = Obj(["byteCode", "nodeSelector", "programs"], new()
        {
            ["byteCode"] = Obj([], new()
            {
                ["image"] = Obj(["url"], new()
                {
                    ["url"] = Str(pattern: "[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}", maxLength: 525),
                    ["imagePullPolicy"] = Str(["Always", "Never", "IfNotPresent"]),
                    ["imagePullSecret"] = Obj(["name", "namespace"], new() { ["name"] = Str(), ["namespace"] = Str() }),
                }),
                ["path"] = Str(pattern: "^(/[^/\0]+)+/?$"),
            }),
            ["globalData"] = Map(Str(base64: true)),
            ["mapOwnerSelector"] = Selector,
            ["nodeSelector"] = Selector,
            ["programs"] = Arr(Obj(["name", "type"], new()
            {
                ["name"] = Str(pattern: IdentPattern, maxLength: 64),
                ["type"] = Str(["XDP", "TC", "TCX", "FEntry", "FExit", "KProbe", "KRetProbe", "UProbe", "URetProbe", "TracePoint"]),
                ["xdp"] = Links(Obj(["interfaceSelector"], new()
                {
                    ["interfaceSelector"] = InterfaceSelector,
                    ["networkNamespaces"] = NetworkNamespaces,
                    ["priority"] = Priority,
                    ["proceedOn"] = Arr(Str(["Aborted", "Drop", "Pass", "TX", "ReDirect", "DispatcherReturn"])),
                })),
                ["tc"] = Links(Obj(["direction", "interfaceSelector"], new()
                {
                    ["direction"] = Str(["Ingress", "Egress"]),
                    ["interfaceSelector"] = InterfaceSelector,
                    ["networkNamespaces"] = NetworkNamespaces,
                    ["priority"] = Priority,
                    ["proceedOn"] = Arr(Str(["UnSpec", "OK", "ReClassify", "Shot", "Pipe", "Stolen", "Queued", "Repeat", "ReDirect", "Trap", "DispatcherReturn"])),
                })),
                ["tcx"] = Links(Obj(["direction", "interfaceSelector"], new()
                {
                    ["direction"] = Str(["Ingress", "Egress"]),
                    ["interfaceSelector"] = InterfaceSelector,
                    ["networkNamespaces"] = NetworkNamespaces,
                    ["priority"] = Priority,
                })),
            }, rule: ProgramHasItsTypesLinks), minItems: 1),
        }),
    });

    /// <summary>Every way <paramref name="value"/> (a parsed YAML tree, see <see cref="YamlTree"/>) breaks the schema, as paths.</summary>
    public static List<string> Violations(object? value)
    {
        var errors = new List<string>();
        ClusterBpfApplication.Check(value, "", errors);
        return errors;
    }

    // The CRD's x-kubernetes-validations: "self.type == 'XDP' ? has(self.xdp) : !has(self.xdp)", the same for TC and TCX.
    private static string? ProgramHasItsTypesLinks(Dictionary<object, object> program)
    {
        string? type = program.GetValueOrDefault("type") as string;
        foreach (var (t, key) in new[] { ("XDP", "xdp"), ("TC", "tc"), ("TCX", "tcx") })
            if ((type == t) != program.ContainsKey(key)) return $"type {type} {(type == t ? "needs" : "forbids")} '{key}'";
        return null;
    }

    private static Node Links(Node link) => Obj([], new() { ["links"] = Arr(link) });

    private static Node Obj(string[] required, Dictionary<string, Node> properties, bool exactlyOne = false, Func<Dictionary<object, object>, string?>? rule = null)
        => new((v, path, errors) =>
        {
            if (v is not Dictionary<object, object> o) { errors.Add($"{path}: not an object"); return; }
            foreach (string r in required)
                if (!o.ContainsKey(r)) errors.Add($"{path}: required '{r}' missing");
            foreach (var (key, child) in o)
            {
                string at = path.Length == 0 ? (string)key : $"{path}.{key}";
                if (properties.TryGetValue((string)key, out var schema)) schema.Check(child, at, errors);
                else errors.Add($"{at}: not in the CRD");
            }
            if (exactlyOne && o.Count != 1) errors.Add($"{path}: needs exactly one property, has {o.Count}");
            if (rule?.Invoke(o) is { } broken) errors.Add($"{path}: {broken}");
        });

    private static Node Map(Node value) => new((v, path, errors) =>
    {
        if (v is not Dictionary<object, object> o) { errors.Add($"{path}: not a map"); return; }
        foreach (var (key, child) in o) value.Check(child, $"{path}.{key}", errors);
    });

    private static Node Arr(Node item, int minItems = 0) => new((v, path, errors) =>
    {
        if (v is not List<object> list) { errors.Add($"{path}: not a list"); return; }
        if (list.Count < minItems) errors.Add($"{path}: fewer than {minItems} items");
        for (int i = 0; i < list.Count; i++) item.Check(list[i], $"{path}[{i}]", errors);
    });

    private static Node Str(string[]? values = null, string? pattern = null, int maxLength = int.MaxValue, bool base64 = false) => new((v, path, errors) =>
    {
        if (v is not string s) { errors.Add($"{path}: not a string"); return; }
        if (values is not null && !values.Contains(s)) errors.Add($"{path}: '{s}' not one of {string.Join(", ", values)}");
        if (pattern is not null && !Regex.IsMatch(s, pattern)) errors.Add($"{path}: '{s}' does not match {pattern}");
        if (s.Length > maxLength) errors.Add($"{path}: longer than {maxLength}");
        if (base64 && !Convert.TryFromBase64String(s, new byte[s.Length], out _)) errors.Add($"{path}: not base64 (format: byte)");
    });

    private static Node Int(long min, long max) => new((v, path, errors) =>
    {
        if (v is not long n) errors.Add($"{path}: not an integer");
        else if (n < min || n > max) errors.Add($"{path}: {n} outside {min}..{max}");
    });

    private static Node Bool() => new((v, path, errors) =>
    {
        if (v is not bool) errors.Add($"{path}: not a boolean");
    });

    /// <summary>One schema node: checks a value at a path, adding what is wrong.</summary>
    internal sealed record Node(Action<object?, string, List<string>> Check);
}
