using System.Reflection;
using System.Runtime.Loader;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Semantics.Tests.Harness;

/// <summary>
/// A compiled snippet: its diagnostics, and (when it compiled) its IL loaded into a collectible
/// load context, its program classes' BPF objects loaded into the kernel on demand. Dispose it:
/// that closes every kernel object and unloads the context.
/// </summary>
public sealed partial class CompiledSnippet : IDisposable
{
    private delegate ReadOnlySpan<byte> ElfGetter();

    private readonly byte[]? _image;
    private readonly string _intermediates;
    private readonly List<BpfObject> _loaded = new();
    private SnippetLoadContext? _context;
    private Assembly? _assembly;

    internal CompiledSnippet(string source, string cpu, CompileOutput output)
    {
        Source = source;
        Cpu = cpu;
        Diagnostics = output.Diagnostics;
        GeneratedSource = output.GeneratedSource;
        _intermediates = output.IntermediateDir;
        _image = output.Image;
    }

    /// <summary>The snippet as compiled.</summary>
    public string Source { get; }

    /// <summary>The BpfCpu it was compiled for.</summary>
    public string Cpu { get; }

    /// <summary>Generator diagnostics (every severity) and C# errors of the output compilation.</summary>
    public IReadOnlyList<SnippetDiagnostic> Diagnostics { get; }

    /// <summary>The <c>BPF####</c> errors.</summary>
    public IEnumerable<SnippetDiagnostic> BpfErrors => Diagnostics.Where(d => d.IsBpfError);

    /// <summary>Every error, BPF or C#.</summary>
    public IEnumerable<SnippetDiagnostic> Errors => Diagnostics.Where(d => d.IsError);

    /// <summary>The C# the generator produced.</summary>
    public string GeneratedSource { get; }

    /// <summary>Whether the snippet compiled to IL without errors.</summary>
    public bool Compiled => _image != null;

    /// <summary>The LLVM IR the generator handed to LLVM for <paramref name="className"/>, when it wrote one.</summary>
    public string? Ir(string className = "P")
    {
        string path = Path.Combine(_intermediates, className + ".ll");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>The program class as loaded .NET code.</summary>
    public Type ProgramType(string className = "P")
    {
        if (_image == null) throw new InvalidOperationException("The snippet did not compile:\n" + DescribeDiagnostics());
        if (_assembly == null)
        {
            _context = new SnippetLoadContext();
            _assembly = _context.LoadFromStream(new MemoryStream(_image));
        }
        return _assembly.GetType(className) ?? throw new InvalidOperationException("No class " + className + " in the snippet.");
    }

    /// <summary>The ELF the generator embedded in <paramref name="className"/>, read through its <c>ElfBytes</c> property.</summary>
    public byte[] Elf(string className = "P")
    {
        var property = ProgramType(className).GetProperty("ElfBytes", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException(className + " has no generated ElfBytes:\n" + DescribeDiagnostics());
        // ReadOnlySpan<byte> cannot be boxed by PropertyInfo.GetValue; a typed delegate can return it.
        return property.GetMethod!.CreateDelegate<ElfGetter>()().ToArray();
    }

    /// <summary>Loads <paramref name="className"/>'s object into the kernel; disposed with the snippet.</summary>
    public BpfObject LoadKernel(string className = "P")
    {
        byte[] elf = Elf(className);
        var obj = BpfObject.Load(elf, className, new BpfLoadOptions());
        _loaded.Add(obj);
        return obj;
    }

    /// <summary>Diagnostics, one a line, with their snippet line and column.</summary>
    public string DescribeDiagnostics()
        => Diagnostics.Count == 0 ? "(no diagnostics)" : string.Join("\n", Diagnostics.Select(d => "  " + d));

    /// <summary>The snippet with line numbers, diagnostics and IR: what a failure message needs.</summary>
    public string Describe(string className = "P", bool withIr = true)
    {
        var lines = Source.Split('\n');
        string numbered = string.Join("\n", lines.Select((l, i) => $"{i + 1,4}| {l.TrimEnd('\r')}"));
        string ir = withIr ? Ir(className) ?? "(no IR written)" : "";
        return $"--- snippet (BpfCpu={Cpu}) ---\n{numbered}\n--- diagnostics ---\n{DescribeDiagnostics()}" +
            (withIr ? $"\n--- IR of {className} ---\n{Truncate(ir, 12000)}" : "");
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "\n… (" + (s.Length - max) + " more characters)";

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var obj in _loaded) obj.Dispose();
        _loaded.Clear();
        _assembly = null;
        _context?.Unload();
        _context = null;
        try
        {
            if (Directory.Exists(_intermediates)) Directory.Delete(_intermediates, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    /// <summary>
    /// Collectible context for one snippet: the snippet's own assembly lives here, while
    /// CodeFirstBpf.Dataplane/Runtime resolve to the test's loaded copies so that contexts, maps and
    /// delegates are the same types on both sides.
    /// </summary>
    private sealed class SnippetLoadContext : AssemblyLoadContext
    {
        public SnippetLoadContext() : base("snippet", isCollectible: true) { }

        protected override Assembly? Load(AssemblyName name) => name.Name switch
        {
            "CodeFirstBpf.Dataplane" => typeof(XdpAction).Assembly,
            "CodeFirstBpf.Runtime" => typeof(BpfObject).Assembly,
            _ => null, // the framework, from the default context
        };
    }
}
