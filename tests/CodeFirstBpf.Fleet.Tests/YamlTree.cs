using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace CodeFirstBpf.Fleet.Tests;

/// <summary>
/// A YAML document parsed by YamlDotNet into dictionaries, lists and typed scalars the way the
/// Kubernetes API server reads them: plain <c>true</c>/<c>false</c> are booleans, plain integers
/// are integers, and everything else — quoted scalars included — is a string.
/// </summary>
internal static class YamlTree
{
    public static object? Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(Assert.Single(stream.Documents).RootNode);
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => m.Children.ToDictionary(c => (object)((YamlScalarNode)c.Key).Value!, c => Convert(c.Value)!),
        YamlSequenceNode s => s.Children.Select(c => Convert(c)!).ToList(),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } b => b.Value == "true",
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } p when long.TryParse(p.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) => n,
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "null" or "~" } => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };
}
