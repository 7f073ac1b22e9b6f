using Microsoft.CodeAnalysis;
using Xunit;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>Every construct outside the subset is a BPF#### error at its exact span, never a generator crash.</summary>
public class DiagnosticTests
{
    private static string Program(string body, string members = "")
        => "public static unsafe partial class P {\n" + members + "\n[Xdp] public static XdpAction Main(XdpContext ctx) {\n" + body + "\n}\n}";

    public static TheoryData<string, string, string> Rejected => new()
    {
        { "BPF1002", "var o = [|new object()|]; return XdpAction.Pass;", "" },
        { "BPF1003", "string s = [|\"x\"|]; return XdpAction.Pass;", "" },
        { "BPF1004", "var a = [|new int[4]|]; return XdpAction.Pass;", "" },
        { "BPF1005", "object o = [|ctx.RxQueueIndex|]; return XdpAction.Pass;", "" },
        { "BPF1006", "return (XdpAction)[|ctx.RxQueueIndex.GetHashCode()|];", "" },
        { "BPF1007", "Func<int> f = [|() => 1|]; return XdpAction.Pass;", "" },
        { "BPF1009", "[|foreach (var x in new byte[0]) { }|] return XdpAction.Pass;", "" },
        { "BPF1010", "if (ctx.RxQueueIndex == 0) [|throw new InvalidOperationException();|] return XdpAction.Pass;", "" },
        { "BPF1010", "[|try { } finally { }|] return XdpAction.Pass;", "" },
        { "BPF1012", "return Loop(3);", "static XdpAction Loop(int n) => n == 0 ? XdpAction.Pass : [|Loop(n - 1)|];" },
        { "BPF1013", "[|double d = 1.5;|] return XdpAction.Pass;", "" },
        { "BPF1015", "return (XdpAction)[|Math.Sign((int)ctx.RxQueueIndex)|];", "" },
        { "BPF1001", "return (XdpAction)[|Math.Abs((int)ctx.RxQueueIndex)|];", "" },
        { "BPF1016", "[|Big b = default;|] b.A[0] = 1; return (XdpAction)b.A[0];", "unsafe struct Big { public fixed byte A[600]; }" },
        { "BPF1017", "int x = (int)ctx.RxQueueIndex; return (XdpAction)checked([|x + 1|]);", "" },
        { "BPF1008", "return (XdpAction)[|System.Linq.Enumerable.Count(new int[0])|];", "" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Rejected_construct_is_reported_at_its_span(string id, string markedBody, string members)
    {
        string marked = GeneratorHarness.Usings + Program(markedBody, members);
        var (source, span) = Markup.Parse(marked);
        var comp = GeneratorHarness.Compile(source);
        var driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(comp, out _, out var diags);
        Assert.DoesNotContain(diags, d => d.Id == "CS8785");
        var bpf = diags.Where(d => d.Id.StartsWith("BPF", StringComparison.Ordinal)).ToList();
        var match = bpf.FirstOrDefault(d => d.Id == id);
        Assert.True(match != null, "expected " + id + ", got: " + string.Join("; ", bpf));
        if (id == "BPF1016")
        {
            // The stack check reports the method: the frame is the sum of its locals.
            Assert.Contains("Main", match!.GetMessage());
            return;
        }
        Assert.Equal(span, match!.Location.SourceSpan);
    }

    [Theory]
    [InlineData("public static XdpAction Main(TcContext ctx) => XdpAction.Pass;")]
    [InlineData("public static XdpAction Main(XdpContext ctx, int extra) => XdpAction.Pass;")]
    [InlineData("public static int Main(XdpContext ctx) => 0;")]
    public void Wrong_program_signature_is_BPF2001(string method)
    {
        var r = GeneratorHarness.Run("public static partial class P { [Xdp] " + method + " }");
        Assert.Contains(r.Diagnostics, d => d.Id == "BPF2001" || d.Id == "BPF2005");
        Assert.DoesNotContain(r.Diagnostics, d => d.Id == "CS8785");
    }

    [Fact]
    public void Program_class_must_be_static_partial()
    {
        var r = GeneratorHarness.Run("public partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) => XdpAction.Pass; }");
        Assert.Contains(r.Bpf, d => d.Id == "BPF2005");
    }

    [Fact]
    public void Map_declarations_are_checked()
    {
        var r = GeneratorHarness.Run("public static unsafe partial class P { static HashMap<uint, ulong> A = new(4); static readonly uint N = (uint)Environment.ProcessorCount; static readonly HashMap<uint, ulong> B = new(N); [Xdp] public static XdpAction Main(XdpContext ctx) { A.Lookup(0); B.Lookup(0); return XdpAction.Pass; } }");
        Assert.Contains(r.Bpf, d => d.Id == "BPF2003");
        Assert.Contains(r.Bpf, d => d.Id == "BPF2004");
    }

    [Fact]
    public void Ring_buffer_size_must_be_a_power_of_two_page_multiple()
    {
        var r = GeneratorHarness.Run("public static unsafe partial class P { static readonly RingBufferMap<ulong> Events = new(10000); [Xdp] public static XdpAction Main(XdpContext ctx) { Events.Output(1); return XdpAction.Pass; } }");
        var d = Assert.Single(r.Bpf, d => d.Id == "BPF2007");
        Assert.Contains("10000", d.GetMessage());
    }

    [Fact]
    public void Lpm_data_must_follow_the_prefix_length_directly()
    {
        var r = GeneratorHarness.Run("public static unsafe partial class P { static readonly LpmTrieMap<ulong, byte> Routes = new(8); [Xdp] public static XdpAction Main(XdpContext ctx) => XdpAction.Pass; }");
        Assert.Contains(r.Bpf, d => d.Id == "BPF2002");
    }

    [Fact]
    public void Printk_needs_a_constant_format()
    {
        var r = GeneratorHarness.Run("public static unsafe partial class P { static string F() => \"x\"; [Xdp] public static XdpAction Main(XdpContext ctx) { Bpf.Printk(F()); return XdpAction.Pass; } }");
        Assert.Contains(r.Bpf, d => d.Id is "BPF2006" or "BPF1003");
    }

    [Fact]
    public void Missing_llvm_is_one_error_naming_the_package_and_the_property()
    {
        var r = GeneratorHarness.Run("public static partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) => XdpAction.Pass; }", llvm: "/nonexistent/libLLVM.so");
        var d = Assert.Single(r.Bpf);
        Assert.Equal("BPF0001", d.Id);
        Assert.Contains("apt-get install libllvm19", d.GetMessage());
        Assert.Contains("BpfLlvmLibrary", d.GetMessage());
    }

    [Fact]
    public void Unknown_cpu_is_reported()
    {
        var r = GeneratorHarness.Run("public static partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) => XdpAction.Pass; }", cpu: "v9");
        Assert.Contains(r.Bpf, d => d.Id == "BPF0004");
    }

    public static TheoryData<string> OddInputs => new()
    {
        "public static partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) { return } }",
        "public static partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) => Missing(ctx); }",
        "public static partial class P { [Xdp] public static extern XdpAction Main(XdpContext ctx); }",
        "public static partial class P { [Xdp] public static partial XdpAction Main(XdpContext ctx); }",
        "public static partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) { var x = ctx; var y = x.Data; return (XdpAction)(*(y + 99999999999L)); } }",
        "public static partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) { nint n = 5; nuint u = 3; return (XdpAction)(n + (nint)u); } }",
        "public static partial class P { [Xdp][Tc] public static XdpAction Main(XdpContext ctx) => XdpAction.Pass; }",
        "public static partial class P { [Xdp] public static XdpAction Main<T>(XdpContext ctx) => XdpAction.Pass; }",
        "public static partial class P { [Xdp] public static XdpAction A(XdpContext ctx) => B(ctx); [Xdp] public static XdpAction B(XdpContext ctx) => XdpAction.Pass; }",
        "public static partial class P { static readonly ArrayMap<object> M = new(1); [Xdp] public static XdpAction Main(XdpContext ctx) => XdpAction.Pass; }",
        "public static partial class P { [Xdp] public static async System.Threading.Tasks.Task<XdpAction> Main(XdpContext ctx) { await System.Threading.Tasks.Task.Yield(); return XdpAction.Pass; } }",
        "public static partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) { dynamic d = 1; return (XdpAction)d; } }",
        "public static partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) { int? n = 1; return (XdpAction)(n ?? 2); } }",
        "public static partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) { var t = (1, 2); return (XdpAction)t.Item1; } }",
        "public static partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) { int L() => 1; return (XdpAction)L(); } }",
        "public static partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) { Span<byte> s = stackalloc byte[4]; return (XdpAction)s[0]; } }",
        "namespace N { public static partial class Outer { public static partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) => XdpAction.Pass; } } }",
    };

    [Theory]
    [MemberData(nameof(OddInputs))]
    public void Odd_input_never_crashes_the_generator(string source)
    {
        var r = GeneratorHarness.Run(source);
        Assert.DoesNotContain(r.Diagnostics, d => d.Id == "CS8785");
        Assert.DoesNotContain(r.Bpf, d => d.Id == "BPF0003" && d.GetMessage().Contains("NullReference"));
    }
}
