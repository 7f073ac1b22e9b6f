using System.Reflection;
using CodeFirstBpf.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>The generator must not slow incremental builds: unrelated edits leave the model cached, and output is deterministic.</summary>
public class IncrementalTests
{
    private const string Source = GeneratorHarness.Usings + @"
public static unsafe partial class P
{
    static readonly HashMap<uint, ulong> Counts = new(64);
    [Xdp] public static XdpAction Main(XdpContext ctx)
    {
        uint k = ctx.RxQueueIndex;
        ulong* c = Counts.Lookup(k);
        if (c != null) Interlocked.Increment(ref *c);
        return XdpAction.Pass;
    }
}";

    [Fact]
    public void Unrelated_edit_leaves_the_model_step_unchanged()
    {
        var comp = GeneratorHarness.Compile(Source, "/src/proj/P.cs", ("/src/proj/Other.cs", "public static class Other { public static int X = 1; }"));
        var driver = GeneratorHarness.Driver().RunGenerators(comp);
        var edited = comp.ReplaceSyntaxTree(comp.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("public static class Other { public static int X = 2; }", (CSharpParseOptions)comp.SyntaxTrees.Last().Options, "/src/proj/Other.cs"));
        driver = driver.RunGenerators(edited);
        var steps = driver.GetRunResult().Results[0].TrackedSteps[BpfGenerator.TrackingNames.Model];
        Assert.NotEmpty(steps.SelectMany(s => s.Outputs));
        Assert.All(steps.SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void Equal_input_gives_an_equal_model()
    {
        var a = GeneratorHarness.Run(Source);
        var b = GeneratorHarness.Run(Source);
        var ma = a.Run.Results[0].TrackedSteps[BpfGenerator.TrackingNames.Model].SelectMany(s => s.Outputs).Select(o => o.Value).OfType<ProgramClassModel>().Single();
        var mb = b.Run.Results[0].TrackedSteps[BpfGenerator.TrackingNames.Model].SelectMany(s => s.Outputs).Select(o => o.Value).OfType<ProgramClassModel>().Single();
        Assert.Equal(ma, mb);
        Assert.Equal(ma.GetHashCode(), mb.GetHashCode());
    }

    [Fact]
    public void Model_holds_no_symbols_syntax_or_compilations()
    {
        var seen = new HashSet<Type>();
        void Walk(Type t)
        {
            if (!seen.Add(t) || t.IsPrimitive || t == typeof(string)) return;
            Assert.False(typeof(ISymbol).IsAssignableFrom(t), t + " is a symbol");
            Assert.False(typeof(SyntaxNode).IsAssignableFrom(t), t + " is syntax");
            Assert.False(typeof(Compilation).IsAssignableFrom(t), t + " is a compilation");
            Assert.False(typeof(SemanticModel).IsAssignableFrom(t), t + " is a semantic model");
            if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) Walk(a);
            foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)) Walk(f.FieldType);
        }
        Walk(typeof(ProgramClassModel));
        Walk(typeof(GeneratorOptions));
    }

    [Fact]
    public void Same_source_gives_byte_identical_elf_from_different_directories()
    {
        var a = GeneratorHarness.Run(Source.Substring(GeneratorHarness.Usings.Length), "/home/alice/proj/P.cs", "/home/alice/proj");
        var b = GeneratorHarness.Run(Source.Substring(GeneratorHarness.Usings.Length), "/tmp/ci/build/P.cs", "/tmp/ci/build/");
        Assert.Empty(a.Bpf);
        Assert.NotEmpty(a.Elf);
        Assert.Equal(a.Elf, b.Elf);
        Assert.DoesNotContain("alice", System.Text.Encoding.ASCII.GetString(a.Elf));
    }

    [Fact]
    public void Without_the_runtime_only_the_object_is_emitted()
    {
        var r = GeneratorHarness.Run(Source.Substring(GeneratorHarness.Usings.Length), withRuntime: false);
        Assert.Contains("ElfBytes", r.GeneratedSource);
        Assert.DoesNotContain("CodeFirstBpf.Runtime", r.GeneratedSource);
        Assert.Empty(r.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Generated_accessors_compile_against_the_user_code()
    {
        var r = GeneratorHarness.Run(Source.Substring(GeneratorHarness.Usings.Length));
        Assert.Empty(r.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains("public static global::System.ReadOnlySpan<byte> ElfBytes", r.GeneratedSource);
        Assert.Contains("Main = obj.GetXdpProgram(\"Main\");", r.GeneratedSource);
        Assert.Contains("Counts = new global::CodeFirstBpf.Runtime.HashMap<uint, ulong>(obj, \"Counts\");", r.GeneratedSource);
    }
}
