using CodeFirstBpf.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Generator;

/// <summary>
/// Compiles every program class (a static partial class with <c>[Xdp]</c>/<c>[Tc]</c> methods)
/// to a BPF ELF object and emits <c>ElfBytes</c> plus the typed <c>Load()</c> surface.
/// Stages: <see cref="Parser"/> lowers to an equatable model (IR text + maps + diagnostics) in the
/// transform, so unrelated edits never reach LLVM; <see cref="Emitter"/> runs LLVM and writes C#.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class BpfGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var xdp = context.SyntaxProvider.ForAttributeWithMetadataName("CodeFirstBpf.XdpAttribute", Parser.IsCandidate, Parser.Transform)
            .WithTrackingName(TrackingNames.Model);
        var tc = context.SyntaxProvider.ForAttributeWithMetadataName("CodeFirstBpf.TcAttribute", Parser.IsCandidate, Parser.Transform)
            .WithTrackingName(TrackingNames.Model);
        var options = context.AnalyzerConfigOptionsProvider.Select(Parser.ReadOptions).WithTrackingName(TrackingNames.Options);

        context.RegisterSourceOutput(xdp.Where(m => m != null).Combine(options), (spc, p) => Emitter.Emit(spc, p.Left!, p.Right));
        context.RegisterSourceOutput(tc.Where(m => m != null).Combine(options), (spc, p) => Emitter.Emit(spc, p.Left!, p.Right));
    }

    /// <summary>Step names for incremental-caching tests.</summary>
    public static class TrackingNames
    {
        /// <summary>The lowered model of a program class.</summary>
        public const string Model = "BpfModel";
        /// <summary>The MSBuild options.</summary>
        public const string Options = "BpfOptions";
    }
}
