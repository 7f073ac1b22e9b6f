using System;
using System.Collections.Immutable;
using System.Threading;
using CodeFirstBpf.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CodeFirstBpf.Analyzers;

/// <summary>
/// Live diagnostics for CodeFirstBpf programs (the BPF#### pages in docs/diagnostics/): the C# subset the generator accepts, the
/// declarations it needs, and the verifier's flow rules, checked while the user types.
/// Per compilation it resolves the BPF code once (programs and the methods they reach); then it
/// works per method, on the operation blocks and control flow graphs the compiler already built.
/// It never lowers to LLVM. Split by concern: declarations in <c>.Declarations</c>, method bodies
/// in <c>.Methods</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class BpfAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableArray<DiagnosticDescriptor> s_supported = ImmutableArray.Create(
        BpfDiagnostics.Unsupported, BpfDiagnostics.HeapAllocation, BpfDiagnostics.StringUse, BpfDiagnostics.ManagedArray,
        BpfDiagnostics.Boxing, BpfDiagnostics.VirtualCall, BpfDiagnostics.Delegate, BpfDiagnostics.Linq, BpfDiagnostics.Foreach,
        BpfDiagnostics.Exceptions, BpfDiagnostics.Async, BpfDiagnostics.Recursion, BpfDiagnostics.FloatingPoint, BpfDiagnostics.Dynamic,
        BpfDiagnostics.NoSource, BpfDiagnostics.StackTooLarge, BpfDiagnostics.Checked, BpfDiagnostics.ClassInstance, BpfDiagnostics.TooDeep,
        BpfDiagnostics.ProgramSignature, BpfDiagnostics.MapTypeArgument, BpfDiagnostics.MapField, BpfDiagnostics.MapSize, BpfDiagnostics.InnerMap,
        BpfDiagnostics.ProgramClass, BpfDiagnostics.PrintkFormat,
        BpfDiagnostics.PacketBounds, BpfDiagnostics.NullCheck, BpfDiagnostics.UnboundedLoop, BpfDiagnostics.HelperNotAllowed);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => s_supported;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(Start);
    }

    private static void Start(CompilationStartAnalysisContext context)
    {
        // Without the Dataplane assembly there is no BPF code to check.
        if (KnownSymbols.Create(context.Compilation) is not { } known) return;
        var compilation = context.Compilation;
        var cancellation = context.CancellationToken;
        var graph = new Lazy<BpfCallGraph>(() => BpfCallGraph.Build(compilation, cancellation), LazyThreadSafetyMode.ExecutionAndPublication);
        var sizes = new TypeSizes();
        context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
        context.RegisterSymbolAction(AnalyzeField, SymbolKind.Field);
        context.RegisterOperationBlockAction(block =>
        {
            switch (block.OwningSymbol)
            {
                case IMethodSymbol method:
                    AnalyzeMethod(block, method, graph.Value, known, sizes);
                    break;
                case IFieldSymbol field:
                    AnalyzeMapInitializer(block, field);
                    break;
            }
        });
    }
}
