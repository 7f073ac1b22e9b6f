using CodeFirstBpf.Analyzers.Flow;
using CodeFirstBpf.Analyzers.Rules;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.Frontend;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Analyzers;

public sealed partial class BpfAnalyzer
{
    /// <summary>Every rule over the body of one method that is BPF code; other methods cost one lookup.</summary>
    private static void AnalyzeMethod(OperationBlockAnalysisContext context, IMethodSymbol method, BpfCallGraph graph, KnownSymbols known, TypeSizes sizes)
    {
        try
        {
            AnalyzeMethodBody(context, method, graph, known, sizes);
        }
        catch (System.InsufficientExecutionStackException)
        {
            // Nested too deeply to analyse without exhausting the stack: stay silent (the generator
            // reports BPF1020 for it); a stack overflow would kill the compiler.
        }
    }

    private static void AnalyzeMethodBody(OperationBlockAnalysisContext context, IMethodSymbol method, BpfCallGraph graph, KnownSymbols known, TypeSizes sizes)
    {
        if (graph.Find(method) is not { } node) return;
        IOperation? root = null, body = null;
        foreach (var block in context.OperationBlocks)
        {
            if (block is IMethodBodyBaseOperation mb)
            {
                root = mb;
                body = (IOperation?)mb.BlockBody ?? mb.ExpressionBody;
                break;
            }
            if (block is IBlockOperation b && root == null) root = body = b;
        }
        if (root == null || body == null) return;

        foreach (var v in SubsetRules.Check(body)) context.ReportDiagnostic(Diagnostic.Create(v.Descriptor, v.Location, v.Args));
        if (method.IsAsync) context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.Async, method.Locations[0]));
        foreach (var call in node.RecursiveCalls)
            context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.Recursion, call.Location, call.Callee.ToDisplayString()));

        foreach (var op in body.DescendantsAndSelf())
        {
            if (op is IInvocationOperation inv && inv.TargetMethod.Name == "Printk" && known.IsHelpers(inv.TargetMethod.ContainingType) && !PrintkIsValid(inv))
                context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.PrintkFormat, op.Syntax.GetLocation()));
            CheckProgramType(context, op, node.Kinds);
        }

        int stack = StackEstimate.Bytes(method, body, sizes.Layout);
        if (stack > StackEstimate.Limit)
            context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.StackTooLarge, method.Locations[0], method.Name, "about " + stack.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        foreach (var loop in LoopBounds.Unbounded(body, known))
            context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.UnboundedLoop, loop));

        foreach (var d in PointerFlow.Analyze(context.GetControlFlowGraph(root), method, known, sizes, graph, context.CancellationToken))
            context.ReportDiagnostic(d);
    }

    /// <summary>BPF2006: a constant format and at most three integer arguments.</summary>
    private static bool PrintkIsValid(IInvocationOperation inv)
    {
        if (inv.Arguments.Length > 4) return false;
        foreach (var a in inv.Arguments)
        {
            if (a.Parameter?.Ordinal == 0)
            {
                if (a.Value.ConstantValue.Value is not string) return false;
                continue;
            }
            var t = a.Value.Type;
            bool integer = t != null && (t.TypeKind is TypeKind.Enum or TypeKind.Pointer
                || t.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_UInt64
                || t.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr);
            if (!integer) return false;
        }
        return true;
    }

    /// <summary>BPF3004: a member one of the program types reaching this method may not use.</summary>
    private static void CheckProgramType(OperationBlockAnalysisContext context, IOperation op, ProgramKinds reachedFrom)
    {
        ISymbol? member = op switch
        {
            IInvocationOperation i => i.TargetMethod,
            IPropertyReferenceOperation p => p.Property,
            IFieldReferenceOperation f => f.Field,
            IMethodReferenceOperation m => m.Method,
            _ => null,
        };
        if (member == null) return;
        ITypeSymbol? receiver = op switch
        {
            IInvocationOperation i => i.Instance?.Type,
            IPropertyReferenceOperation p => p.Instance?.Type,
            _ => null,
        };
        ProgramKinds denied = reachedFrom & ~HelperTable.AllowedIn(member, receiver);
        if (denied == ProgramKinds.None) return;
        ProgramKinds first = (ProgramKinds)((int)denied & -(int)denied); // the lowest denied type names the diagnostic
        context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.HelperNotAllowed, op.Syntax.GetLocation(),
            member.ContainingType.Name + "." + member.Name, HelperTable.Describe(first, member)));
    }
}
