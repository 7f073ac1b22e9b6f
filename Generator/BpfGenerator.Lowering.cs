using System.Linq;
using System.Threading;
using CodeFirstBpf.Generator.Frontend;
using CodeFirstBpf.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CodeFirstBpf.Generator;

public sealed partial class BpfGenerator
{
    internal static class Lowering
    {
        public static bool IsCandidate(SyntaxNode node, CancellationToken _) => node is MethodDeclarationSyntax;

        /// <summary>
        /// Lowers the whole class when <paramref name="ctx"/> is its first program method, so a
        /// class with several programs is lowered once; returns null for the others.
        /// </summary>
        public static ProgramClassModel? Transform(GeneratorAttributeSyntaxContext ctx, CancellationToken ct)
        {
            if (ctx.TargetSymbol is not IMethodSymbol method || method.ContainingType is not { } cls) return null;
            IMethodSymbol? first = cls.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => BpfSymbols.KindOf(m) != null);
            if (!SymbolEqualityComparer.Default.Equals(first, method)) return null;
            // A method with several program attributes reaches several providers; its first one owns it.
            if (ctx.Attributes[0].AttributeClass?.Name != BpfSymbols.KindOf(method)!.Name + "Attribute") return null;
            var lowerer = new ModuleLowerer(ctx.SemanticModel, cls, ct);
            // Code that does not compile is C#'s to report; lowering it would only add noise.
            foreach (var r in cls.DeclaringSyntaxReferences)
                foreach (var d in lowerer.ModelFor(r.SyntaxTree).GetDiagnostics(r.Span, ct))
                    if (d.Severity == DiagnosticSeverity.Error) return EmptyModel(cls) with { HasRuntime = true };
            return lowerer.Lower() with { HasRuntime = ctx.SemanticModel.Compilation.GetTypeByMetadataName("CodeFirstBpf.Runtime.BpfObject") != null };
        }

        private static ProgramClassModel EmptyModel(INamedTypeSymbol cls) => new(
            cls.ContainingNamespace.IsGlobalNamespace ? null : cls.ContainingNamespace.ToDisplayString(), cls.Name, string.Empty, string.Empty,
            new EquatableArray<ProgramModel>(System.Collections.Immutable.ImmutableArray<ProgramModel>.Empty),
            new EquatableArray<MapModel>(System.Collections.Immutable.ImmutableArray<MapModel>.Empty),
            new EquatableArray<DiagnosticInfo>(System.Collections.Immutable.ImmutableArray<DiagnosticInfo>.Empty))
        { Incomplete = true, CanExtend = ModuleLowerer.CanExtend(cls) };

        public static GeneratorOptions ReadOptions(AnalyzerConfigOptionsProvider provider, CancellationToken _)
        {
            var g = provider.GlobalOptions;
            string Get(string name, string fallback) => g.TryGetValue("build_property." + name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : fallback;
            return new GeneratorOptions(
                Get("BpfCpu", "v3"),
                Get("BpfLlvmLibrary", string.Empty) is { Length: > 0 } lib ? lib : null,
                Get("ProjectDir", string.Empty),
                string.Equals(Get("BpfEmitIntermediates", "false"), "true", System.StringComparison.OrdinalIgnoreCase),
                Get("BpfIntermediateDir", string.Empty),
                // The analyzers ship with the generator; unless the build turns them off they report
                // the subset and declaration rules, and the generator need not say it twice.
                Get("BpfAnalyzersIncluded", "false") == "true" && Get("RunAnalyzers", "true") != "false" && Get("RunAnalyzersDuringBuild", "true") != "false",
                Get("BpfCacheDir", string.Empty));
        }
    }
}
