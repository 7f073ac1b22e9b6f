using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>
/// Random explicit layouts (fields at any offset, overlapping or not, declared in any order): the
/// debug info the generator emits — which LLVM turns into BTF — keeps the rules the kernel checks
/// (struct members in offset order, union members at offset 0, every member inside its container)
/// and places every C# field, by name, exactly at its <c>FieldOffset</c> with its size.
/// </summary>
public class BtfLayoutFuzzTests
{
    private static readonly (string Type, int Size)[] s_fields =
    {
        ("byte", 1), ("ushort", 2), ("uint", 4), ("ulong", 8), ("fixed byte", 3), ("fixed uint", 8),
    };

    private sealed record Node(string Tag, string? Name, string? Scope, string? BaseType, int Bits, int OffsetBits, string? Elements);

    [Fact]
    public void Random_explicit_layouts_are_described_in_kernel_order_at_their_offsets()
    {
        var random = new Random(20261202);
        for (int round = 0; round < 60; round++)
        {
            var fields = new List<(string Name, string Type, int Offset, int Size)>();
            int count = random.Next(1, 7);
            for (int i = 0; i < count; i++)
            {
                var (type, size) = s_fields[random.Next(s_fields.Length)];
                fields.Add(("F" + i.ToString(CultureInfo.InvariantCulture), type, random.Next(0, 24), size));
            }
            string source = Program(fields);
            var (ir, diagnostics) = GeneratorHarness.Lower(source);
            Assert.True(diagnostics.IsEmpty, source + "\n" + string.Join("\n", diagnostics));
            var placed = new Dictionary<string, (int Offset, int Size)>();
            var nodes = Parse(ir);
            string layout = nodes.Single(n => n.Value.Tag == "DW_TAG_structure_type" && n.Value.Name == "L").Key;
            Walk(nodes, layout, 0, placed, source);
            foreach (var f in fields)
            {
                Assert.True(placed.TryGetValue(f.Name, out var at), f.Name + " missing in\n" + source);
                Assert.Equal((f.Offset, f.Size), at);
            }
            Assert.Equal(fields.Count, placed.Count);
        }
    }

    private static string Program(List<(string Name, string Type, int Offset, int Size)> fields)
    {
        var sb = new StringBuilder("[StructLayout(LayoutKind.Explicit)] public unsafe struct L {\n");
        foreach (var (name, type, offset, size) in fields)
        {
            string declaration = type.StartsWith("fixed", StringComparison.Ordinal)
                ? type + " " + name + "[" + (size / (type == "fixed uint" ? 4 : 1)).ToString(CultureInfo.InvariantCulture) + "]"
                : type + " " + name;
            sb.Append("  [FieldOffset(").Append(offset).Append(")] public ").Append(declaration).Append(";\n");
        }
        sb.Append("}\npublic static unsafe partial class P {\n  static readonly ArrayMap<L> M = new(1);\n")
          .Append("  [Xdp] public static XdpAction Main(XdpContext ctx) { L* l = M.Lookup(0); return l != null ? XdpAction.Drop : XdpAction.Pass; }\n}");
        return sb.ToString();
    }

    /// <summary>Checks the container's members as the kernel does and records where each named field lands.</summary>
    private static void Walk(Dictionary<string, Node> nodes, string container, int baseBits, Dictionary<string, (int, int)> placed, string source)
    {
        Node c = nodes[container];
        bool union = c.Tag == "DW_TAG_union_type";
        int last = 0;
        foreach (string id in Tuple(nodes, c.Elements))
        {
            Node m = nodes[id];
            Assert.True(union ? m.OffsetBits == 0 : m.OffsetBits >= last, "member " + (m.Name ?? "(anonymous)") + " out of order in\n" + source);
            Assert.True(m.OffsetBits + m.Bits <= c.Bits, "member " + (m.Name ?? "(anonymous)") + " outside its container in\n" + source);
            last = m.OffsetBits;
            if (m.Name == null)
                Walk(nodes, m.BaseType!, baseBits + m.OffsetBits, placed, source);
            else
                placed.Add(m.Name, ((baseBits + m.OffsetBits) / 8, m.Bits / 8));
        }
    }

    private static IEnumerable<string> Tuple(Dictionary<string, Node> nodes, string? id)
        => id != null && nodes.TryGetValue(id, out var t) && t.Tag == "tuple" ? t.Elements!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];

    private static Dictionary<string, Node> Parse(string ir)
    {
        var nodes = new Dictionary<string, Node>();
        foreach (Match line in Regex.Matches(ir, @"^(?<id>![0-9]+) = (?:distinct )?(?<body>.*)$", RegexOptions.Multiline))
        {
            string body = line.Groups["body"].Value, id = line.Groups["id"].Value;
            if (body.StartsWith("!{", StringComparison.Ordinal))
            {
                nodes[id] = new Node("tuple", null, null, null, 0, 0, body[2..^1]);
                continue;
            }
            string? Field(string key) => Regex.Match(body, @"\b" + key + @": (""(?<v>[^""]*)""|(?<v>[^,)]+))") is { Success: true } m ? m.Groups["v"].Value : null;
            int Int(string key) => int.TryParse(Field(key), out int v) ? v : 0;
            nodes[id] = new Node(Field("tag") ?? string.Empty, Field("name"), Field("scope"), Field("baseType"), Int("size"), Int("offset"), Field("elements"));
        }
        return nodes;
    }
}
