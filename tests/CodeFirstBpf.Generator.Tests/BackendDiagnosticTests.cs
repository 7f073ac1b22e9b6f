using Microsoft.CodeAnalysis;
using Xunit;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>
/// What LLVM or BTF cannot do reaches the user as one BPF#### diagnostic at the C# declaration
/// it is about, never as LLVM's own text: a helper with too many arguments, a libLLVM too old to
/// use, a name BTF cannot spell.
/// </summary>
public class BackendDiagnosticTests
{
    private const string SixArguments = """
        public static unsafe partial class P
        {
            static readonly ArrayMap<ulong> Out = new(1);
            [MethodImpl(MethodImplOptions.NoInlining)]
            static ulong Mix(ulong a, ulong b, ulong c, ulong d, ulong e, ulong f) => a * 3 + b * 5 + c * 7 + d * 11 + e * 13 + f * 17;
            [Xdp]
            public static XdpAction Main(XdpContext ctx)
            {
                ulong x = ctx.RxQueueIndex, y = ctx.IngressIfIndex;
                Out.Update(0, Mix(x, y, x + y, x * y, x - y, x ^ y));
                return XdpAction.Pass;
            }
        }
        """;

    [Fact]
    public void A_helper_with_six_live_arguments_is_one_error_at_its_declaration()
    {
        var r = GeneratorHarness.Run(SixArguments);
        Assert.Empty(r.Output.GetDiagnostics().Where(e => e.Severity == DiagnosticSeverity.Error && !e.Id.StartsWith("BPF", StringComparison.Ordinal)));
        var d = Assert.Single(r.Bpf);
        Assert.Equal("BPF2011", d.Id);
        Assert.Contains("BPF functions take at most five arguments: pass a pointer to a struct", d.GetMessage());
        Assert.Contains("'Mix' needs 6 after optimisation", d.GetMessage());
        Assert.DoesNotContain("stack arguments", d.GetMessage());
        string source = GeneratorHarness.Usings + SixArguments;
        Assert.Equal(source.IndexOf("Mix(ulong a", StringComparison.Ordinal), d.Location.SourceSpan.Start);
    }

    [Fact]
    public void Six_parameters_of_which_llvm_drops_one_compile()
    {
        // The SPEC counts arguments after optimisation: an unused parameter costs no register.
        var r = GeneratorHarness.Run(SixArguments.Replace("+ f * 17", "+ 17", StringComparison.Ordinal));
        Assert.Empty(r.Bpf);
        Assert.NotEmpty(r.Elf);
    }

    [Fact]
    public void Any_other_llvm_error_is_at_the_csharp_line_it_names_in_the_method_it_names()
    {
        var model = GeneratorHarness.LowerModel(SixArguments);
        // The shape of LLVM's DiagnosticInfoUnsupported: debug location, function and its type, node, words.
        var llvm = new Backends.LlvmResult(null, "unused", errors: new[] { "Program.cs:11:9: in function Main i32 (ptr): 0x5581d1e0: i64 = Constant<1> unsupported thing" });
        var d = Assert.Single(Backends.BackendDiagnostics.From(model, llvm));
        Assert.Equal("BPF0002", d.Id);
        Assert.Equal("/src/proj/Program.cs", d.Location.GetLineSpan().Path);
        Assert.Equal(10, d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.EndsWith("in 'Main': i64 = Constant<1> unsupported thing", d.GetMessage());
        Assert.DoesNotContain("0x", d.GetMessage());
    }

    [Fact]
    public void Libllvm_14_is_one_error_naming_its_version_and_the_one_needed()
    {
        const string llvm14 = "/usr/lib/x86_64-linux-gnu/libLLVM-14.so.1";
        Assert.True(File.Exists(llvm14), llvm14 + " is missing");
        var r = GeneratorHarness.Run("public static partial class P { [Xdp] public static XdpAction Main(XdpContext ctx) => XdpAction.Pass; }", llvm: llvm14);
        var d = Assert.Single(r.Bpf);
        Assert.Equal("BPF0001", d.Id);
        Assert.Contains(llvm14 + " is LLVM 14", d.GetMessage());
        Assert.Contains("15 or newer", d.GetMessage());
        Assert.DoesNotContain("parse", d.GetMessage());
    }

    [Fact]
    public void A_name_btf_cannot_spell_is_a_warning_and_the_object_still_builds()
    {
        const string source = """
            public struct Größe { public uint Länge; public uint Plain; }
            public static unsafe partial class P
            {
                static readonly ArrayMap<Größe> Sizes = new(1);
                [Xdp]
                public static XdpAction Main(XdpContext ctx)
                {
                    Größe* s = Sizes.Lookup(0);
                    if (s != null) s->Länge = s->Plain;
                    return XdpAction.Pass;
                }
            }
            """;
        var r = GeneratorHarness.Run(source);
        var warnings = r.Bpf.ToList();
        Assert.All(warnings, d => Assert.Equal(("BPF0005", DiagnosticSeverity.Warning), (d.Id, d.Severity)));
        string full = GeneratorHarness.Usings + source;
        var field = Assert.Single(warnings, d => d.GetMessage().Contains("field 'Länge'"));
        Assert.Equal(full.IndexOf("Länge;", StringComparison.Ordinal), field.Location.SourceSpan.Start);
        Assert.Contains("'L_nge'", field.GetMessage());
        var type = Assert.Single(warnings, d => d.GetMessage().Contains("struct 'Größe'"));
        Assert.Contains("'Gr__e'", type.GetMessage());
        Assert.Equal(2, warnings.Count);
        Assert.NotEmpty(r.Elf);
    }
}
