using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CodeFirstBpf.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>Runs the generator in process over C# source, the way csc would, without MSBuild.</summary>
internal static class GeneratorHarness
{
    public const string Usings = "using System; using System.Threading; using System.Runtime.CompilerServices; using System.Runtime.InteropServices; using CodeFirstBpf; using CodeFirstBpf.Net;\n";

    private static readonly ImmutableArray<MetadataReference> s_references =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(CodeFirstBpf.XdpAction).Assembly.Location))
            .ToImmutableArray();

    private static readonly MetadataReference s_runtime = MetadataReference.CreateFromFile(typeof(CodeFirstBpf.Runtime.BpfObject).Assembly.Location);

    public static CSharpCompilation Compile(string source, string path = "/src/proj/Program.cs", params (string Path, string Text)[] more)
        => Compile(source, path, withRuntime: true, more);

    public static CSharpCompilation Compile(string source, string path, bool withRuntime, params (string Path, string Text)[] more)
    {
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(source, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview), path) };
        trees.AddRange(more.Select(m => CSharpSyntaxTree.ParseText(m.Text, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview), m.Path)));
        return CSharpCompilation.Create("UserBpf", trees, withRuntime ? s_references.Add(s_runtime) : s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
    }

    public static GeneratorDriver Driver(string projectDir = "/src/proj", string cpu = "v3", string? llvm = null)
    {
        var options = new Dictionary<string, string>
        {
            ["build_property.BpfCpu"] = cpu,
            ["build_property.ProjectDir"] = projectDir,
        };
        if (llvm != null) options["build_property.BpfLlvmLibrary"] = llvm;
        return CSharpGeneratorDriver.Create(
            new[] { new BpfGenerator().AsSourceGenerator() },
            parseOptions: CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview),
            optionsProvider: new CodeFirstBpf.Tests.Support.GlobalOptionsProvider(options),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    public sealed record Result(GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics, GeneratorDriverRunResult Run)
    {
        public string GeneratedSource => string.Join("\n", Run.GeneratedTrees.Select(t => t.ToString()));

        /// <summary>The ELF bytes parsed back out of the generated ElfBytes initialiser.</summary>
        public byte[] Elf => Convert.FromBase64String(Regex.Match(GeneratedSource, "FromBase64String\\(\\s*\"([^\"]*)\"").Groups[1].Value);

        public IEnumerable<Diagnostic> Bpf => Diagnostics.Where(d => d.Id.StartsWith("BPF", StringComparison.Ordinal));
    }

    public static Result Run(string source, string path = "/src/proj/Program.cs", string projectDir = "/src/proj", string cpu = "v3", string? llvm = null, bool withRuntime = true)
    {
        var comp = Compile(Usings + source, path, withRuntime);
        var driver = Driver(projectDir, cpu, llvm).RunGeneratorsAndUpdateCompilation(comp, out var output, out var diags);
        return new Result(driver, output, diags, driver.GetRunResult());
    }

    /// <summary>The IR text the lowering produced for a program class (no LLVM involved).</summary>
    public static (string Ir, ImmutableArray<Diagnostic> Diagnostics) Lower(string source, string className = "P")
    {
        var comp = Compile(Usings + source);
        var cls = comp.GetTypeByMetadataName(className) ?? throw new InvalidOperationException("no class " + className);
        var model = new Frontend.ModuleLowerer(comp, cls, CancellationToken.None).Lower();
        var diags = model.Diagnostics.Select(d => Diagnostic.Create(CodeFirstBpf.Diagnostics.BpfDiagnostics.ById(d.Id), d.ToLocation(), d.Args.Cast<object>().ToArray())).ToImmutableArray();
        return (model.IrText, diags);
    }

    /// <summary>The IR as the output step hands it to LLVM for <paramref name="cpu"/>.</summary>
    public static string Prepare(Model.ProgramClassModel model, string cpu) => BpfGenerator.Emitter.PrepareIr(model, new Model.GeneratorOptions(cpu, null, "", false, ""));

    /// <summary>The whole lowered model of a program class (IR, support functions, diagnostics), no LLVM involved.</summary>
    public static Model.ProgramClassModel LowerModel(string source, string className = "P")
    {
        var comp = Compile(Usings + source);
        var cls = comp.GetTypeByMetadataName(className) ?? throw new InvalidOperationException("no class " + className);
        return new Frontend.ModuleLowerer(comp, cls, CancellationToken.None).Lower();
    }
}

/// <summary><c>[|…|]</c> markup: the source without the markers, and the marked span.</summary>
internal static class Markup
{
    public static (string Source, TextSpan Span) Parse(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal);
        string source = marked.Remove(end, 2).Remove(start, 2);
        return (source, new TextSpan(start, end - start - 2));
    }
}
