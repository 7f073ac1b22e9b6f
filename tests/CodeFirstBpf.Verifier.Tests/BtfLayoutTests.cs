using System.Runtime.CompilerServices;
using System.Text.Json;
using CodeFirstBpf.Runtime;
using CodeFirstBpf.Verifier.Tests.BtfLayouts;
using Xunit;
using Xunit.Abstractions;

namespace CodeFirstBpf.Verifier.Tests;

/// <summary>
/// Layouts C# allows and C spells differently: the kernel keeps the object's BTF (bpftool shows
/// the fields by name, at their offsets) and a verifier error still names the C# line.
/// </summary>
public class BtfLayoutTests(ITestOutputHelper output)
{
    private const string File = "BtfLayoutPrograms.cs";

    /// <summary>Fails loudly when the kernel drops the BTF, whatever the load options' default.</summary>
    private static readonly BpfLoadOptions s_strict = new() { OnBtfRejected = BtfRejectedAction.Fail };

    private static HashSet<int> RejectLines([CallerFilePath] string here = "")
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(Path.GetDirectoryName(here)!, File));
        return Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains("// REJECT")).Select(i => i + 1).ToHashSet();
    }

    private static string Bpftool(string args)
    {
        ProcessResult bpftool = Processes.Run("bpftool", args);
        Assert.True(bpftool.Succeeded, $"bpftool {args} failed: {bpftool.Stderr}");
        return bpftool.Stdout;
    }

    /// <summary>The C that the kernel's copy of the map's BTF prints as (there is a copy only if the kernel kept the BTF).</summary>
    private string KeptBtf(string mapName)
    {
        using var kept = LayoutsKept.Load(s_strict);
        Assert.False(kept.Object.BtfRejected, string.Join("\n", kept.Object.LoadWarnings));
        var map = kept.Object.GetMap(mapName);
        using (var show = JsonDocument.Parse(Bpftool($"map show id {map.Id} -j")))
            Assert.True(show.RootElement.TryGetProperty("btf_id", out var btfId) && btfId.GetInt32() > 0, "the map has no BTF: " + show.RootElement);
        string c = Bpftool($"btf dump map id {map.Id} format c");
        output.WriteLine(c);
        return c;
    }

    private void AssertRejectedAtTheLine(Func<IDisposable> load, string fragment)
    {
        var e = Assert.Throws<BpfVerifierException>(() => load().Dispose());
        output.WriteLine(e.Message);
        Assert.NotNull(e.SourceLocation);
        string[] parts = e.SourceLocation!.Split(':');
        Assert.Equal(File, Path.GetFileName(parts[0]));
        Assert.Contains(int.Parse(parts[1]), RejectLines());
        Assert.Contains(fragment, e.SourceLine);
    }

    /// <summary>
    /// The kernel kept the BTF of the map <paramref name="map"/> and prints its types as the
    /// <paramref name="c"/> patterns say; the rejected twin's verifier error names the C# line.
    /// </summary>
    private void AssertDescribed(string map, Func<IDisposable> rejected, string rejectedLine, params string[] c)
    {
        Kernel.Require();
        string dump = KeptBtf(map);
        foreach (string pattern in c)
            Assert.Matches(pattern, dump);
        AssertRejectedAtTheLine(rejected, rejectedLine);
    }

    [SkippableFact]
    public void Explicit_offsets_out_of_order_are_kept_in_offset_order()
        => AssertDescribed("OutOfOrders", () => OutOfOrderRejected.Load(s_strict), "v->Second = *ctx.Data",
            @"struct OutOfOrder \{\s*unsigned int First;\s*unsigned int Second;\s*\}");

    [SkippableFact]
    public void Overlapping_fields_are_a_union()
        => AssertDescribed("Unions", () => UnionRejected.Load(s_strict), "v->Flags = *ctx.Data",
            @"union \{\s*unsigned int Dst;\s*unsigned int Dst6\[4\];\s*\};\s*unsigned char Flags;",
            // A field that overlaps another only in part shares a struct with its neighbour inside the union.
            @"struct Halves \{\s*union \{\s*unsigned long long Whole;\s*struct \{\s*unsigned int Low;\s*unsigned int High;\s*\};\s*\};\s*\}");

    [SkippableFact]
    public void Nested_fixed_buffers_and_inline_arrays_are_arrays()
        => AssertDescribed("Nested", () => NestedRejected.Load(s_strict), "v->Counters[1] = *ctx.Data",
            @"struct Port \{\s*unsigned char Address\[6\];\s*unsigned short Vlans\[3\];\s*\}",
            @"struct Ports \{\s*struct Port Uplink;\s*unsigned int Counters\[2\];\s*struct Port Downlink;\s*\}");

    [SkippableFact]
    public void An_inline_array_map_value_is_an_array()
    {
        Kernel.Require();
        KeptBtf("Macs");
        using var kept = LayoutsKept.Load(s_strict);
        using var show = JsonDocument.Parse(Bpftool($"map dump id {kept.Object.GetMap("Macs").Id} -j"));
        // bpftool formats the value by its BTF: six bytes as an array, not a struct with one field.
        var value = show.RootElement.EnumerateArray().Single().GetProperty("formatted").GetProperty("value");
        Assert.Equal(JsonValueKind.Array, value.ValueKind);
        Assert.Equal(6, value.GetArrayLength());
    }

    [SkippableFact]
    public void Generic_structs_get_one_valid_c_name_per_instantiation()
        => AssertDescribed("Generics", () => GenericRejected.Load(s_strict), "v->Right = *ctx.Data",
            @"struct Pair_UInt32_UInt16 \{\s*unsigned int Left;\s*unsigned short Right;\s*\}",
            @"struct Pair_UInt64_Byte \{\s*unsigned long long Left;\s*unsigned char Right;\s*\}");

    // bpftool prints a struct whose members sit off their natural alignment (7 bytes in all) as packed.
    [SkippableFact]
    public void Pack_1_is_a_packed_struct()
        => AssertDescribed("PackedValues", () => PackedRejected.Load(s_strict), "v->Kind = *ctx.Data",
            @"struct Packed \{\s*unsigned char Kind;\s*unsigned int Value;\s*unsigned short Tail;\s*\} __attribute__\(\(packed\)\)");
}
