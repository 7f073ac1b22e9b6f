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
    internal static class Parser
    {
        public static bool IsCandidate(SyntaxNode node, CancellationToken _) => node is MethodDeclarationSyntax;

        /// <summary>
        /// Lowers the whole class when <paramref name="ctx"/> is its first program method, so a
        /// class with several programs is lowered once; returns null for the others.
        /// </summary>
        public static ProgramClassModel? Transform(GeneratorAttributeSyntaxContext ctx, CancellationToken ct)
        {
            if (ctx.TargetSymbol is not IMethodSymbol method || method.ContainingType is not { } cls) return null;
            IMethodSymbol? first = cls.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => ModuleLowerer.KindOf(m) != ProgramKind.None);
            if (!SymbolEqualityComparer.Default.Equals(first, method)) return null;
            return new ModuleLowerer(ctx.SemanticModel.Compilation, cls, ct).Lower();
        }

        public static GeneratorOptions ReadOptions(AnalyzerConfigOptionsProvider provider, CancellationToken _)
        {
            var g = provider.GlobalOptions;
            string Get(string name, string fallback) => g.TryGetValue("build_property." + name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : fallback;
            return new GeneratorOptions(
                Get("BpfCpu", "v3"),
                Get("BpfLlvmLibrary", string.Empty) is { Length: > 0 } lib ? lib : null,
                Get("ProjectDir", string.Empty),
                string.Equals(Get("BpfEmitIntermediates", "false"), "true", System.StringComparison.OrdinalIgnoreCase),
                Get("BpfIntermediateDir", string.Empty));
        }
    }
}
