using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace CodeFirstBpf.Analyzers.Tests;

/// <summary>
/// No false positives: every BPF program the project ships (the kernel tests' differential
/// programs, each sample) loads in the kernel, so the analyzers must stay silent on all of them.
/// </summary>
public class CorpusTests
{
    private static readonly string s_root = FindRoot();

    /// <summary>A program attribute of any program type (the files that hold BPF code).</summary>
    private static readonly System.Text.RegularExpressions.Regex s_programAttribute =
        new(@"\[(Xdp|Tc|SocketFilter|CgroupSkb|CgroupSockAddr|SockOps|SkLookup)\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CodeFirstBpf.sln"))) return dir.FullName;
        throw new InvalidOperationException("CodeFirstBpf.sln not found above " + AppContext.BaseDirectory);
    }

    public static TheoryData<string> Corpora()
    {
        var data = new TheoryData<string> { "tests/CodeFirstBpf.KernelTests/Programs", "tests/CodeFirstBpf.KernelTests/Features" };
        var samples = Path.Combine(s_root, "samples");
        // Every sample project; samples/Shared holds userspace helpers only.
        if (Directory.Exists(samples))
            foreach (var dir in Directory.GetDirectories(samples).Where(d => Directory.GetFiles(d, "*.csproj").Length > 0).OrderBy(d => d, StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(s_root, dir).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public async Task ShippedProgramsHaveNoAnalyzerDiagnostics(string corpus)
    {
        var files = Directory.GetFiles(Path.Combine(s_root, corpus), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(files);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), f)).ToList();
        var compilation = CSharpCompilation.Create("Corpus", trees, References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

        // The BPF code itself must compile; other files of a sample may need generated code, which is not here.
        var bpfTrees = trees.Where(t => s_programAttribute.IsMatch(t.ToString())).ToHashSet();
        Assert.NotEmpty(bpfTrees);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } t && bpfTrees.Contains(t)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new BpfAnalyzer())).GetAnalyzerDiagnosticsAsync();
        Assert.True(diagnostics.IsEmpty, corpus + ":\n" + string.Join("\n", diagnostics));
    }

    /// <summary>The corpus test means something only if the analyzers see these programs: remove their bounds checks and they must complain.</summary>
    [Fact]
    public async Task CorpusWithoutBoundsChecksIsReported()
    {
        var check = new System.Text.RegularExpressions.Regex(@"if \((\w+) \+ 1 > (ctx\.DataEnd|end)\) (return [\w.]+;|\{[^}]*\})");
        var files = Directory.GetFiles(Path.Combine(s_root, "tests/CodeFirstBpf.KernelTests/Programs"), "*.cs");
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(check.Replace(File.ReadAllText(f), ""), new CSharpParseOptions(LanguageVersion.Latest), f)).ToList();
        var compilation = CSharpCompilation.Create("Mutants", trees, References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new BpfAnalyzer())).GetAnalyzerDiagnosticsAsync();
        var programs = diagnostics.Where(d => d.Id == "BPF3001").Select(d => Path.GetFileName(d.Location.SourceTree!.FilePath)).Distinct().ToList();
        Assert.True(programs.Count >= 10, "BPF3001 only in: " + string.Join(", ", programs));
    }

    /// <summary>Half-typed code is the IDE's normal state: the analyzers must never throw on it.</summary>
    [Fact]
    public async Task BrokenProgramsNeverCrashTheAnalyzer()
    {
        var files = Directory.GetFiles(Path.Combine(s_root, "tests/CodeFirstBpf.KernelTests/Programs"), "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToList();
        var failures = new List<string>();
        for (int stride = 3; stride <= 7; stride += 2)
        {
            // Drop every stride-th line (a different set for each stride): unbalanced braces, missing declarations, dangling expressions.
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(
                string.Join("\n", File.ReadAllLines(f).Where((_, i) => i % stride != stride - 1)), new CSharpParseOptions(LanguageVersion.Latest), f)).ToList();
            var compilation = CSharpCompilation.Create("Broken", trees, References(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (e, _, _) => failures.Add(e.ToString()), concurrentAnalysis: false, logAnalyzerExecutionTime: false);
            await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new BpfAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
    }

    /// <summary>
    /// A stack overflow cannot be caught and would kill csc or the IDE: code nested thousands deep
    /// (a long chain of terms, deeply nested parentheses) must leave the analyzers silent or with a
    /// BPF1020, never with an exception.
    /// </summary>
    [Theory]
    [InlineData(2_500, false)]
    [InlineData(20_000, false)]
    [InlineData(3_000, true)]
    public async Task DeeplyNestedCodeNeverCrashesTheAnalyzer(int terms, bool parenthesised)
    {
        string expr = parenthesised
            ? new string('(', terms) + "a" + string.Concat(Enumerable.Repeat(" + 1)", terms))
            : string.Join(" + ", Enumerable.Repeat("a", terms));
        string source = "using CodeFirstBpf;\npublic static unsafe partial class P\n{\n    [Xdp]\n    public static XdpAction M(XdpContext ctx)\n    {\n        uint a = ctx.RxQueueIndex;\n"
            + "        uint r = " + expr + ";\n        return r > 5 ? XdpAction.Drop : XdpAction.Pass;\n    }\n}\n";
        var compilation = CSharpCompilation.Create("Deep", new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) }, References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var failures = new List<string>();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (e, _, _) => failures.Add(e.ToString()), concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        // On a thread with the 1 MiB stack IDE and csc worker threads typically have.
        ImmutableArray<Diagnostic> diagnostics = default;
        var thread = new Thread(() => diagnostics = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new BpfAnalyzer()), options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult(), 1 << 20);
        thread.Start();
        thread.Join();
        await Task.CompletedTask;
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(2)));
        Assert.All(diagnostics, d => Assert.Equal("BPF1020", d.Id));
    }

    private static IEnumerable<MetadataReference> References()
    {
        var refs = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToList();
        refs.Add(MetadataReference.CreateFromFile(typeof(XdpAction).Assembly.Location));
        return refs;
    }
}
