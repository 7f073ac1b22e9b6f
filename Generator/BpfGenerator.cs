using CodeFirstBpf.Generator.Frontend;
using CodeFirstBpf.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Generator;

/// <summary>
/// Compiles every program class (a static partial class with <c>[Xdp]</c>/<c>[Tc]</c> methods)
/// to a BPF ELF object and emits <c>ElfBytes</c> plus the typed <c>Load()</c> surface.
/// The steps, in order (docs/architecture.md follows one method through them):
/// <list type="number">
/// <item><b>Find</b> — <c>ForAttributeWithMetadataName</c> selects program methods; the class's first one owns it.</item>
/// <item><b>Lower</b> (<see cref="Lowering"/>, <c>Frontend/</c>) — <c>ModuleLowerer</c> checks the declarations
/// (<c>DeclarationRules</c>), lays out maps and globals, and lowers each program and every method it reaches with
/// <c>MethodLowerer</c> (after <c>SubsetRules</c>) into the typed IR of <c>IR/</c>; kernel facts come from the API
/// through <c>BpfFacts</c>. The result is an equatable <c>ProgramClassModel</c> (IR text, maps, globals, diagnostics):
/// unrelated edits produce an equal model and stop here.</item>
/// <item><b>Options</b> — MSBuild properties (<c>BpfCpu</c>, <c>BpfLlvmLibrary</c>, …) join the model.</item>
/// <item><b>Emit</b> (<see cref="Emitter"/>) — CPU requirements are checked, the CPU's support functions appended,
/// LLVM (<c>Backends/</c>) compiles the IR to an ELF (or the object cache answers), and the C# surface is written.</item>
/// </list>
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class BpfGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. Find and 2. Lower: one model per program class.
        // 3. Options.
        var options = context.AnalyzerConfigOptionsProvider.Select(Lowering.ReadOptions).WithTrackingName(TrackingNames.Options);
        foreach (string attribute in BpfSymbols.ProgramAttributes)
        {
            var models = context.SyntaxProvider.ForAttributeWithMetadataName(attribute, Lowering.IsCandidate, Lowering.Transform)
                .WithTrackingName(TrackingNames.Model);
            // 4. Emit: LLVM and the generated C#, only when the model or the options changed.
            context.RegisterSourceOutput(models.Where(m => m != null).Combine(options), (spc, p) => Emitter.Emit(spc, p.Left!, p.Right));
        }
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
