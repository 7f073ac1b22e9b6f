using System.Collections.Immutable;
using CodeFirstBpf.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CodeFirstBpf.Semantics.Tests.Harness;

/// <summary>
/// Compiles a snippet the way csc would with the generator attached (no MSBuild): Roslyn over the
/// snippet plus global usings, <see cref="BpfGenerator"/> in a <see cref="CSharpGeneratorDriver"/>,
/// then IL emit of the output compilation into memory.
/// </summary>
public static class SnippetCompiler
{
    /// <summary>The path the snippet compiles under; diagnostics in the snippet have this path.</summary>
    public const string SnippetPath = "/src/proj/Snippet.cs";

    private const string ProjectDir = "/src/proj";

    // A separate file so that spans in the snippet are the snippet's own offsets.
    private const string GlobalUsings =
        "global using System; global using System.Numerics; global using System.Threading; global using System.Runtime.CompilerServices;" +
        " global using System.Runtime.InteropServices; global using CodeFirstBpf; global using CodeFirstBpf.Net;\n";

    private static readonly CSharpParseOptions s_parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);

    private static readonly ImmutableArray<MetadataReference> s_references =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(XdpAction).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(CodeFirstBpf.Runtime.BpfObject).Assembly.Location))
            .ToImmutableArray();

    private static int s_counter;

    /// <summary>
    /// Compiles <paramref name="source"/> with the generator for <paramref name="cpu"/> in a compile
    /// worker process, so that a generator crash (a stack overflow cannot be caught) fails one test
    /// instead of the test process. Never throws for bad input: everything wrong is in
    /// <see cref="CompiledSnippet.Diagnostics"/>.
    /// </summary>
    public static CompiledSnippet Compile(string source, string cpu = "v3")
        => new(source, cpu, CompileWorkerPool.Compile(source, cpu));

    /// <summary>The compile itself, run inside a worker process.</summary>
    internal static CompileOutput CompileHere(string source, string cpu)
    {
        int id = Interlocked.Increment(ref s_counter);
        string intermediates = Path.Combine(Path.GetTempPath(), "cfb-semantics", Environment.ProcessId + "-" + id);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(source, s_parse, SnippetPath),
            CSharpSyntaxTree.ParseText(GlobalUsings, s_parse, ProjectDir + "/GlobalUsings.cs"),
        };
        var compilation = CSharpCompilation.Create("Snippet" + id, trees, s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release));
        var options = new Dictionary<string, string>
        {
            ["build_property.BpfCpu"] = cpu,
            ["build_property.ProjectDir"] = ProjectDir,
            // The .ll of every class lands here, so a failing test can print the IR it ran.
            ["build_property.BpfEmitIntermediates"] = "true",
            ["build_property.BpfIntermediateDir"] = intermediates,
        };
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new BpfGenerator().AsSourceGenerator() },
            parseOptions: s_parse,
            optionsProvider: new CodeFirstBpf.Tests.Support.GlobalOptionsProvider(options));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        var diagnostics = generatorDiagnostics
            .Concat(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
            .Distinct()
            .ToList();
        string generated = string.Join("\n", driver.GetRunResult().GeneratedTrees.Select(t => t.FilePath + ":\n" + t));

        byte[]? image = null;
        if (!diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            using var il = new MemoryStream();
            var emit = output.Emit(il);
            if (emit.Success) image = il.ToArray();
            else diagnostics.AddRange(emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        }
        return new CompileOutput(diagnostics.Select(SnippetDiagnostic.From).ToList(), generated, intermediates, image);
    }
}
