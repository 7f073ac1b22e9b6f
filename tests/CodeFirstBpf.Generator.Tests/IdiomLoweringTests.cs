using CodeFirstBpf.Generator.Backends;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>
/// The C idioms of SPEC §7.1 through the lowering: block copies and fills become LLVM memory
/// intrinsics (a size that is not constant is BPF1022 at the size), checksum flags are OR-ed into
/// the helper's flags, and map flags reach the BTF map definition (a flag the kind cannot take is BPF2010).
/// </summary>
public class IdiomLoweringTests
{
    private static string Xdp(string body, string members = "", string types = "")
        => "public static unsafe partial class P {\n" + members + "\n[Xdp] public static XdpAction Main(XdpContext ctx) {\nbyte* d = ctx.Data; if (d + 64 > ctx.DataEnd) return XdpAction.Pass;\n" + body + "\nreturn XdpAction.Pass;\n}\n}\n" + types;

    private static string LowerAndCompile(string source)
    {
        var (ir, diags) = GeneratorHarness.Lower(source);
        Assert.True(diags.IsEmpty, string.Join("\n", diags));
        var r = LlvmBackend.Compile(GeneratorHarness.Prepare(GeneratorHarness.LowerModel(source), "v3"), "v3", null);
        Assert.True(r.Elf != null, r.Error + "\n" + ir);
        return ir;
    }

    private const string Header = "public struct Hdr { public ulong A, B; public uint C; }";

    public static TheoryData<string, string> BlockOps => new()
    {
        { "Hdr h; Unsafe.CopyBlock(&h, d, (uint)sizeof(Hdr)); ctx.Data[0] = (byte)h.C;", "@llvm.memcpy.p0.p0.i64(ptr align 8 %" },
        { "Hdr h; Unsafe.CopyBlockUnaligned(ref *(byte*)&h, ref *d, 20); ctx.Data[0] = (byte)h.C;", "i64 20, i1 false)" },
        { "Unsafe.InitBlock(d, 0xAB, 16);", "i8 -85, i64 16" },
        { "Unsafe.InitBlockUnaligned(ref d[4], d[1], 8);", "i64 8, i1 false)" },
        { "Hdr h; Buffer.MemoryCopy(d, &h, sizeof(Hdr), 12); ctx.Data[0] = (byte)h.A;", "i64 12, i1 false)" },
        { "NativeMemory.Copy(d + 8, d, 24);", "@llvm.memmove.p0.p0.i64" },
        { "NativeMemory.Fill(d, 10, 7);", "i8 7, i64 10" },
        { "NativeMemory.Clear(d + 2, (nuint)4);", "i8 0, i64 4" },
        { "new Span<byte>(d, 6).CopyTo(new Span<byte>(d + 6, 6));", "i64 6, i1 false)" },
        { "new ReadOnlySpan<byte>(d, 6).CopyTo(new Span<byte>(d + 32, 8));", "i64 6, i1 false)" },
        { "new Span<byte>(d, 12).Fill(0x5A);", "i8 90, i64 12" },
        { "new Span<byte>(d + 1, 3).Clear();", "i8 0, i64 3" },
    };

    [Theory]
    [MemberData(nameof(BlockOps))]
    public void Block_op_with_a_constant_size_is_an_LLVM_memory_intrinsic(string body, string expected)
        => Assert.Contains(expected, LowerAndCompile(Xdp(body, types: Header)));

    public static TheoryData<string, string> NotConstant => new()
    {
        { "BPF1022", "uint n = d[0]; Unsafe.CopyBlock(d + 8, d, [|n|]);" },
        { "BPF1022", "Unsafe.InitBlock(d, 0, [|(uint)d[1]|]);" },
        { "BPF1022", "Buffer.MemoryCopy(d, d + 16, 16, [|(long)d[2]|]);" },
        { "BPF1022", "NativeMemory.Clear(d, [|(nuint)d[3]|]);" },
        { "BPF1022", "int n = d[4]; new Span<byte>(d, [|n|]).Clear();" },
        { "BPF1001", "[|Buffer.MemoryCopy(d, d + 16, 8, 16)|];" },
        { "BPF1001", "[|new Span<byte>(d, 8).CopyTo(new Span<byte>(d + 16, 4))|];" },
        { "BPF1001", "[|var s = new Span<byte>(d, 8);|] s.Clear();" },
    };

    [Theory]
    [MemberData(nameof(NotConstant))]
    public void Block_op_that_cannot_be_unrolled_is_reported_at_its_span(string id, string markedBody)
        => SingleDiagnosticAt(Xdp(markedBody), id);

    /// <summary>Runs the generator on the marked source: its one BPF diagnostic has <paramref name="id"/> and the marked span.</summary>
    private static Diagnostic SingleDiagnosticAt(string marked, string id)
    {
        var (source, span) = Markup.Parse(GeneratorHarness.Usings + marked);
        var comp = GeneratorHarness.Compile(source);
        Assert.Empty(comp.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(comp, out _, out var diags);
        Assert.DoesNotContain(diags, d => d.Id == "CS8785");
        var found = Assert.Single(diags, d => d.Id.StartsWith("BPF", StringComparison.Ordinal));
        Assert.Equal(id, found.Id);
        Assert.Equal(span, found.Location.SourceSpan);
        return found;
    }

    [Fact]
    public void CsumFlags_are_ored_into_the_size()
    {
        string source = "public static unsafe partial class P { [Tc] public static TcAction Main(TcContext ctx) { ctx.L4CsumReplace(50, 1, 2, 4, CsumFlags.PseudoHeader | CsumFlags.MarkMangled0); ctx.L3CsumReplace(24, 0, ctx.Mark, 0, CsumFlags.None); return TcAction.Ok; } }";
        string ir = LowerAndCompile(source);
        Assert.Contains("i64 50, i64 1, i64 2, i64 52)", ir);
        Assert.Contains("i64 24, i64 0, i64 %", ir);
    }

    [Fact]
    public void Map_flags_are_the_map_definitions_map_flags()
    {
        string ir = LowerAndCompile(Xdp("Flows.Lookup(1); Routes.Lookup(new LpmKey<uint> { PrefixLength = 32 });",
            "static readonly LruHashMap<uint, ulong> Flows = new(maxEntries: 1024, flags: MapFlags.NoCommonLru | MapFlags.ReadOnlyUser);\n" +
            "static readonly LpmTrieMap<uint, ulong> Routes = new(16, MapFlags.ReadOnlyProgram);\n" +
            "static readonly HashMap<uint, ulong> Plain = new(8);"));
        // BTF-defined maps spell an integer N as a pointer to int[N]: map_flags 10 and 129 (NoPrealloc added for the trie).
        Assert.Contains("name: \"map_flags\"", ir);
        Assert.Contains("count: 10)", ir);
        Assert.Contains("count: 129)", ir);
    }

    public static TheoryData<string, string> BadFlags => new()
    {
        { "static readonly ArrayMap<ulong> A = new(8, flags: [|MapFlags.NoPrealloc|]);", "a map of kind ArrayMap cannot be created with MapFlags.NoPrealloc" },
        { "static readonly RingBufferMap<ulong> R = new(4096, [|MapFlags.ReadOnlyProgram|]);", "MapFlags.ReadOnlyProgram" },
        { "static readonly HashMap<uint, ulong> H = new(8, flags: [|MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser|]);", "refuses MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser together" },
        { "static readonly LruHashMap<uint, ulong> L = new(8, flags: [|MapFlags.NoCommonLru | MapFlags.NumaNode|]);", "together" },
        { "static readonly HashMap<uint, ulong> H = new(8, flags: [|(MapFlags)0x20|]);", "0x20" },
        { "static MapFlags F = MapFlags.NoPrealloc; static readonly HashMap<uint, ulong> H = new(8, flags: [|F|]);", "not a constant" },
        { "static readonly PerfEventArrayMap<ulong> E = new([|MapFlags.Mmapable|]);", "PerfEventArrayMap cannot be created with MapFlags.Mmapable" },
    };

    [Theory]
    [MemberData(nameof(BadFlags))]
    public void A_flag_the_map_kind_cannot_take_is_BPF2010_at_the_flags(string markedMembers, string message)
        => Assert.Contains(message, SingleDiagnosticAt(Xdp("", markedMembers), "BPF2010").GetMessage());

    [Fact]
    public void An_overlap_safe_copy_too_large_to_unroll_through_registers_is_BPF1016_not_an_LLVM_error()
    {
        // Two values of one map may be the same entry, so the copy stays a memmove: LLVM loads all
        // 256 bytes before storing any, and byte-wise that needs more than the 512-byte stack.
        var r = GeneratorHarness.Run(Xdp("Big* a = Vals.Lookup(0), b = Vals.Lookup(1); if (a == null || b == null) return XdpAction.Pass; NativeMemory.Copy(a, b, 256);",
            "static readonly ArrayMap<Big> Vals = new(2);", "public unsafe struct Big { public fixed byte B[256]; }"));
        var d = Assert.Single(r.Diagnostics, d => d.Id.StartsWith("BPF", StringComparison.Ordinal));
        Assert.Equal("BPF1016", d.Id);
    }
}
