using System.Collections.Immutable;
using CodeFirstBpf.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CodeFirstBpf.Analyzers.Tests;

/// <summary>
/// Microsoft.CodeAnalysis.Testing set up for BPF code without any download at test time: the
/// .NET 10 reference assemblies come from Basic.Reference.Assemblies, the Dataplane from the
/// build. <c>[|…|]</c> marks a diagnostic of the rule under test; <c>{|BPFxxxx:…|}</c> any other.
/// </summary>
internal static class Verify
{
    public const string Usings = "using System; using System.Threading; using CodeFirstBpf; using CodeFirstBpf.Net;\n";

    private static readonly ImmutableArray<MetadataReference> s_references =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(XdpAction).Assembly.Location))
            .ToImmutableArray();

    /// <summary>No reference package: everything the compilation needs is added by hand.</summary>
    private static readonly ReferenceAssemblies s_none = new("net10.0");

    public static async Task Analyzer(string source, string rule, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest(rule) { TestCode = Usings + source };
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>Runs with an <c>.editorconfig</c> at the root of the project.</summary>
    public static async Task AnalyzerWithEditorConfig(string source, string editorConfig, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest(expected.Length > 0 ? expected[0].Id : "BPF1001") { TestCode = Usings + source };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig + "\n"));
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>A program class whose XDP program calls <c>Helper</c>, with <paramref name="helper"/> as the helper's body.</summary>
    public static string HelperProgram(string helper, string members = "") => $$"""
        public static unsafe partial class P
        {
            {{members}}
            static int Helper(int x)
            {
                {{helper}}
            }

            [Xdp]
            public static XdpAction M(XdpContext ctx) => Helper(1) == 0 ? XdpAction.Drop : XdpAction.Pass;
        }
        """;

    /// <summary>An expected diagnostic of <paramref name="id"/> at markup location <c>{|#n:…|}</c>.</summary>
    public static DiagnosticResult At(int location, string id) => new DiagnosticResult(Rule(id)).WithLocation(location);

    public static async Task CodeFix<TFix>(string source, string fixedSource, string rule, string? equivalenceKey = null)
        where TFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TFix>(rule)
        {
            TestCode = Usings + source,
            FixedCode = Usings + fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        await test.RunAsync();
    }

    /// <summary>
    /// A fix applied to every diagnostic at once, across several files: what <c>dotnet format
    /// analyzers --diagnostics ID</c> and the IDE's Fix All in Document/Project/Solution do.
    /// </summary>
    public static async Task FixAll<TFix>(string[] sources, string[] fixedSources, string rule, string? equivalenceKey = null)
        where TFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TFix>(rule) { CodeActionEquivalenceKey = equivalenceKey };
        for (int i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(("File" + i + ".cs", Usings + sources[i]));
            test.FixedState.Sources.Add(("File" + i + ".cs", Usings + fixedSources[i]));
        }
        // The framework applies the fixes one by one and then through Fix All in Document, Project
        // and Solution: every path must reach the fixed sources.
        await test.RunAsync();
    }

    private static void Configure(ProjectState state)
    {
        state.AdditionalReferences.AddRange(s_references);
    }

    private static CompilationOptions Options(CompilationOptions o) => ((CSharpCompilationOptions)o).WithAllowUnsafe(true);

    private static DiagnosticDescriptor Rule(string id) => BpfDiagnostics.ById(id);

    private sealed class AnalyzerTest : CSharpAnalyzerTest<BpfAnalyzer, DefaultVerifier>
    {
        private readonly string _rule;

        public AnalyzerTest(string rule)
        {
            _rule = rule;
            ReferenceAssemblies = s_none;
            Configure(TestState);
        }

        protected override CompilationOptions CreateCompilationOptions() => Options(base.CreateCompilationOptions());

        protected override ParseOptions CreateParseOptions() => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);

        protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers) => Rule(_rule);
    }

    private sealed class CodeFixTest<TFix> : CSharpCodeFixTest<BpfAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        private readonly string _rule;

        public CodeFixTest(string rule)
        {
            _rule = rule;
            ReferenceAssemblies = s_none;
            Configure(TestState);
            Configure(FixedState);
        }

        protected override CompilationOptions CreateCompilationOptions() => Options(base.CreateCompilationOptions());

        protected override ParseOptions CreateParseOptions() => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);

        protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers) => Rule(_rule);
    }
}
