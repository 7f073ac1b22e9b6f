using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using CodeFirstBpf.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

/// <summary>One program class of the corpus as its source says: its name, its label, and what the flow rules report in it.</summary>
public sealed record CorpusSource(string FullName, string File, string? Rule, string? Mistake, IReadOnlyList<Diagnostic> FlowReports);

/// <summary>
/// The source side of the corpus: every program class of FlowCorpus/Programs and of the shipped
/// programs (kernel tests, samples) this project links, compiled by Roslyn as the IDE would and
/// run through the analyzers, exactly the files the build compiled through the generator.
/// </summary>
public static class CorpusSources
{
    /// <summary>The source folders of the corpus, relative to the repository root.</summary>
    public static readonly string[] Folders =
    [
        "tests/CodeFirstBpf.Verifier.Tests/FlowCorpus/Programs",
        "tests/CodeFirstBpf.KernelTests/Programs",
        "tests/CodeFirstBpf.KernelTests/Features",
        "samples/IcmpFilter",
        "samples/FlowMonitor",
    ];

    public static string Root([CallerFilePath] string here = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../.."));

    private static IEnumerable<string> Files(string root)
        => Folders.SelectMany(f => Directory.GetFiles(Path.Combine(root, f), "*.cs"))
            .Where(f => !f.EndsWith("Tests.cs", StringComparison.Ordinal) && !f.EndsWith("Program.cs", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);

    public static async Task<IReadOnlyList<CorpusSource>> AnalyzeAsync()
    {
        string root = Root();
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = Files(root).Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, Path.GetRelativePath(root, f))).ToList();
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(XdpAction).Assembly.Location));
        var compilation = CSharpCompilation.Create("FlowCorpus", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) throw new InvalidOperationException("the corpus does not compile:\n" + string.Join("\n", errors.Take(10)));
        var reports = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new BpfAnalyzer())).GetAnalyzerDiagnosticsAsync();

        var sources = new List<CorpusSource>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var decl in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(decl) is not INamedTypeSymbol type || !IsProgramClass(type)) continue;
                var label = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == nameof(RejectsAttribute));
                var inside = reports.Where(d => d.Id.StartsWith("BPF3", StringComparison.Ordinal) && d.Location.SourceTree == tree && decl.Span.Contains(d.Location.SourceSpan)).ToList();
                sources.Add(new CorpusSource(Metadata(type), tree.FilePath, label?.ConstructorArguments[0].Value as string, label?.ConstructorArguments[1].Value as string, inside));
            }
        }
        var other = reports.Where(d => !d.Id.StartsWith("BPF3", StringComparison.Ordinal)).ToList();
        if (other.Count > 0) throw new InvalidOperationException("the corpus must be inside the C# subset:\n" + string.Join("\n", other.Take(10)));
        return sources;
    }

    private static bool IsProgramClass(INamedTypeSymbol type)
        => type.GetMembers().OfType<IMethodSymbol>().Any(m => m.GetAttributes().Any(a => a.AttributeClass?.Name is "XdpAttribute" or "TcAttribute"));

    private static string Metadata(INamedTypeSymbol type)
        => type.ContainingNamespace.IsGlobalNamespace ? type.MetadataName : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;
}
