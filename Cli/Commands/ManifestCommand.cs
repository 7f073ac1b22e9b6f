using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using CodeFirstBpf.Cli.Fleet;
using CodeFirstBpf.Cli.Output;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Commands;

/// <summary><c>cfbpf manifest</c>: the bpfman <c>ClusterBpfApplication</c> that runs a class's image on a cluster's nodes.</summary>
internal static class ManifestCommand
{
    public static Command Create()
    {
        var assembly = ObjectCommands.AssemblyArgument();
        var className = new Argument<string>("class") { Description = "The program class, e.g. IcmpFilter." };
        var image = new Option<string>("--image") { Description = "The bytecode image the nodes pull, e.g. registry:5000/fleet/icmpfilter:v1.", Required = true };
        var name = new Option<string?>("--name") { Description = "metadata.name (default: the class name in kebab case)." };
        var nodes = new Option<string[]>("--node-selector") { Description = "label=value a node must have (repeatable; none: every node).", AllowMultipleArgumentsPerToken = false };
        var interfaces = new Option<string[]>("--interface", "-i") { Description = "Interface to attach to (repeatable; none: each node's primary interface)." };
        var priority = new Option<int?>("--priority") { Description = "Priority among programs on the same hook, 0-1000 (lower runs first)." };
        var direction = new Option<string>("--direction") { Description = "TC/TCX direction: ingress or egress.", DefaultValueFactory = _ => "ingress" };
        var tcx = new Option<bool>("--tcx") { Description = "Attach TC programs with TCX links (Linux 6.6+) instead of the TC dispatcher." };
        var config = new Option<string[]>("--config") { Description = "Name=Value for a [Config] field (repeatable); other [Config] fields keep their declared defaults." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the YAML here instead of standard output." };
        var command = new Command("manifest", "Writes a bpfman ClusterBpfApplication (YAML) that loads the class's bytecode image on selected nodes.")
            { assembly, className, image, name, nodes, interfaces, priority, direction, tcx, config, output };
        command.SetAction(r =>
        {
            var c = ObjectCommands.FindClass(r.GetValue(assembly)!, r.GetValue(className)!);
            string url = ImageReference.Parse(r.GetValue(image)!).ToString();
            string objectName = r.GetValue(name) ?? ClusterBpfApplication.NameOf(c.Name);
            if (r.GetValue(priority) is { } p && p is < 0 or > 1000) throw new ArgumentException($"--priority {p}: bpfman takes 0 to 1000");
            string dir = r.GetValue(direction)!.ToLowerInvariant() switch
            {
                "ingress" => "Ingress",
                "egress" => "Egress",
                var other => throw new ArgumentException($"--direction '{other}': write ingress or egress"),
            };
            var attach = new AttachPoints(r.GetValue(interfaces) ?? [], r.GetValue(priority), dir, r.GetValue(tcx));
            var globals = ConfigValues.Of(c.Type, r.GetValue(config) ?? []);
            string yaml = Yaml.Write(ClusterBpfApplication.Build(c, objectName, url, Labels(r.GetValue(nodes) ?? []), attach, globals));
            if (r.GetValue(output) is { } file) File.WriteAllText(file, yaml);
            else Console.Out.Write(yaml);
            return 0;
        });
        return command;
    }

    private static Dictionary<string, string> Labels(string[] pairs)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in pairs)
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--node-selector '{pair}' is not label=value (e.g. kubernetes.io/os=linux)");
            labels[pair[..eq]] = pair[(eq + 1)..];
        }
        return labels;
    }
}
