using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Analyzers.Rules;

/// <summary>
/// BPF3003: a loop the verifier cannot bound. It is an error, so it is reported only where the
/// verifier surely rejects (docs/flow-rules.md): the loop has no visible bound, its
/// termination depends on a value the verifier cannot know (<see cref="OpaqueValues"/>), and its
/// body does something LLVM cannot compute away (a call or a memory access; a pure counting loop
/// may become a closed formula). A loop is bounded when its condition has a conjunct comparing a
/// counter the loop changes, starting from a known value, with a constant (<c>i &lt; 16</c>,
/// <c>++guard &lt; 32</c>), or when an <c>if (…) break;</c>/<c>return</c> inside it exits on such a
/// comparison. Constants are literals, <c>const</c>s, <c>sizeof</c>, <c>static readonly</c>
/// primitives, locals only ever assigned constants, and values the verifier may see as bounded:
/// a helper's parameters (its call sites may pass constants) and clamped locals.
/// </summary>
internal sealed class LoopBounds
{
    private readonly IOperation _body;
    private readonly KnownSymbols _known;
    private OpaqueValues? _opaqueValues;
    private HashSet<ILocalSymbol>? _constantLocals;

    private LoopBounds(IOperation body, KnownSymbols known)
    {
        _body = body;
        _known = known;
    }

    /// <summary>Computed for methods that have a loop only.</summary>
    private OpaqueValues Opaque => _opaqueValues ??= new OpaqueValues(_body, _known);

    /// <summary>Where each loop the verifier surely cannot bound starts (its keyword).</summary>
    public static List<Location> Unbounded(IOperation body, KnownSymbols known)
    {
        var rule = new LoopBounds(body, known);
        var found = new List<Location>();
        foreach (var op in body.Descendants())
        {
            if (op is not (IForLoopOperation or IWhileLoopOperation) || rule.IsBounded((ILoopOperation)op)) continue;
            if (!rule.DependsOnOpaque((ILoopOperation)op) || !HasEffects((ILoopOperation)op)) continue;
            found.Add(KeywordOf(op.Syntax));
        }
        return found;
    }

    /// <summary>Whether a condition of the loop, or one inside it, reads a value the verifier cannot bound.</summary>
    private bool DependsOnOpaque(ILoopOperation loop)
    {
        if (Condition(loop) is { } c && Opaque.IsOpaque(c, loop)) return true;
        foreach (var op in loop.Body.Descendants())
            if (op is IConditionalOperation branch && Opaque.IsOpaque(branch.Condition, loop)) return true;
        return false;
    }

    /// <summary>A call or a memory access in the loop: what keeps LLVM from replacing the loop by its result.</summary>
    private static bool HasEffects(ILoopOperation loop)
    {
        foreach (var op in loop.Body.DescendantsAndSelf())
        {
            if (op is IInvocationOperation inv && inv.TargetMethod.ContainingType?.Name is not ("Math" or "BitOperations" or "ByteOrder" or "BinaryPrimitives")) return true;
            if (OpaqueValues.IsMemoryRead(op)) return true;
        }
        return false;
    }

    private static IOperation? Condition(ILoopOperation loop) => loop switch
    {
        IForLoopOperation f => f.Condition,
        IWhileLoopOperation w => w.Condition,
        _ => null,
    };

    private static Location KeywordOf(SyntaxNode loop) => loop switch
    {
        ForStatementSyntax f => f.ForKeyword.GetLocation(),
        WhileStatementSyntax w => w.WhileKeyword.GetLocation(),
        DoStatementSyntax d => d.DoKeyword.GetLocation(),
        _ => loop.GetLocation(),
    };

    private bool IsBounded(ILoopOperation loop)
    {
        if (RunsAtMostOnce(loop)) return true;
        var written = Written(loop);
        if (Condition(loop) is { } condition)
        {
            if (condition.ConstantValue is { HasValue: true, Value: false }) return true;
            if (Bounds(condition, conjunct: true, written, loop)) return true;
        }
        foreach (var op in loop.Body.Descendants())
        {
            if (op is not IConditionalOperation { WhenTrue: { } exit } branch || !Exits(exit, loop)) continue;
            if (Bounds(branch.Condition, conjunct: false, written, loop)) return true;
        }
        return false;
    }

    /// <summary>
    /// A loop whose body leaves it on every path (<c>while (true) { …; break; }</c>) and never
    /// continues it: the verifier walks one iteration and no back edge.
    /// </summary>
    private static bool RunsAtMostOnce(ILoopOperation loop)
    {
        foreach (var op in loop.Body.DescendantsAndSelf())
        {
            if (op is IBranchOperation { BranchKind: BranchKind.Continue } c && SymbolEqualityComparer.Default.Equals(c.Target, loop.ContinueLabel)) return false;
            if (op is IBranchOperation { BranchKind: BranchKind.GoTo } or ILabeledOperation) return false;
        }
        return AlwaysLeaves(loop.Body, loop);
    }

    /// <summary>Whether every path through <paramref name="statement"/> breaks out of <paramref name="loop"/> or returns.</summary>
    private static bool AlwaysLeaves(IOperation statement, ILoopOperation loop)
    {
        switch (statement)
        {
            case IBlockOperation block:
                foreach (var s in block.Operations)
                    if (AlwaysLeaves(s, loop)) return true;
                return false;
            case IConditionalOperation { WhenFalse: { } otherwise } branch:
                return AlwaysLeaves(branch.WhenTrue, loop) && AlwaysLeaves(otherwise, loop);
            case IReturnOperation:
            case IThrowOperation:
            case IExpressionStatementOperation { Operation: IThrowOperation }:
                return true;
            case IBranchOperation { BranchKind: BranchKind.Break } b:
                return SymbolEqualityComparer.Default.Equals(b.Target, loop.ExitLabel);
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="statement"/> leaves <paramref name="loop"/> (break out of it, or return).</summary>
    private static bool Exits(IOperation statement, ILoopOperation loop)
    {
        if (statement is IBlockOperation block)
        {
            foreach (var s in block.Operations)
                if (Exits(s, loop)) return true;
            return false;
        }
        return statement is IReturnOperation
            || (statement is IBranchOperation { BranchKind: BranchKind.Break } b && SymbolEqualityComparer.Default.Equals(b.Target, loop.ExitLabel));
    }

    /// <summary>
    /// Whether <paramref name="e"/> bounds the loop: as a loop condition (<paramref name="conjunct"/>)
    /// one operand of <c>&amp;&amp;</c> suffices; as an exit condition one operand of <c>||</c> does.
    /// </summary>
    private bool Bounds(IOperation e, bool conjunct, HashSet<ISymbol> written, ILoopOperation loop)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        while (e is IParenthesizedOperation p) e = p.Operand;
        switch (e)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Bounds(not.Operand, !conjunct, written, loop);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                return conjunct
                    ? Bounds(and.LeftOperand, conjunct, written, loop) || Bounds(and.RightOperand, conjunct, written, loop)
                    : Bounds(and.LeftOperand, conjunct, written, loop) && Bounds(and.RightOperand, conjunct, written, loop);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                return conjunct
                    ? Bounds(or.LeftOperand, conjunct, written, loop) && Bounds(or.RightOperand, conjunct, written, loop)
                    : Bounds(or.LeftOperand, conjunct, written, loop) || Bounds(or.RightOperand, conjunct, written, loop);
            case IBinaryOperation b when b.OperatorKind is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals:
                return (IsConstant(b.RightOperand) && IsCounter(b.LeftOperand, written, loop))
                    || (IsConstant(b.LeftOperand) && IsCounter(b.RightOperand, written, loop));
            default:
                return false;
        }
    }

    /// <summary>A local or parameter the loop changes, from a start the verifier knows (not <c>x = ctx.Len; while (x != 1) …</c>).</summary>
    private bool IsCounter(IOperation e, HashSet<ISymbol> written, ILoopOperation loop)
    {
        if (Opaque.IsOpaque(e, loop)) return false;
        foreach (var op in e.DescendantsAndSelf())
            if ((op is ILocalReferenceOperation l && written.Contains(l.Local)) || (op is IParameterReferenceOperation p && written.Contains(p.Parameter))) return true;
        return false;
    }

    private bool IsConstant(IOperation e)
    {
        while (e is IConversionOperation { OperatorMethod: null } c) e = c.Operand;
        switch (e)
        {
            case { ConstantValue.HasValue: true }:
            case ISizeOfOperation:
            case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true, Type.IsValueType: true } }:
                return true;
            case ILocalReferenceOperation l:
                return ConstantLocals().Contains(l.Local);
            case IParameterReferenceOperation:
                // A helper's call sites may all pass constants: LLVM inlines or specialises it.
                return true;
            case IBinaryOperation b:
                return IsConstant(b.LeftOperand) && IsConstant(b.RightOperand);
            default:
                return false;
        }
    }

    /// <summary>Locals every write of which is a constant and whose address never escapes: LLVM folds them, so the verifier sees constants.</summary>
    private HashSet<ILocalSymbol> ConstantLocals()
    {
        if (_constantLocals != null) return _constantLocals;
        var candidates = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var spoiled = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var op in _body.Descendants())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation d:
                    if (d.GetVariableInitializer()?.Value is { ConstantValue.HasValue: true }) candidates.Add(d.Symbol);
                    else spoiled.Add(d.Symbol);
                    break;
                case ILocalReferenceOperation l when IsWrite(l):
                    if (!(l.Parent is ISimpleAssignmentOperation a && a.Target == l && a.Value.ConstantValue.HasValue)) spoiled.Add(l.Local);
                    break;
            }
        }
        candidates.ExceptWith(spoiled);
        return _constantLocals = candidates;
    }

    private static HashSet<ISymbol> Written(ILoopOperation loop)
    {
        var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var op in loop.Descendants())
        {
            if (op is ILocalReferenceOperation l && IsWrite(l)) written.Add(l.Local);
            if (op is IParameterReferenceOperation p && IsWrite(p)) written.Add(p.Parameter);
        }
        return written;
    }

    private static bool IsWrite(IOperation l) => l.Parent switch
    {
        IAssignmentOperation a => a.Target == l,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
        IAddressOfOperation => true,
        IDeclarationExpressionOperation => true,
        _ => false,
    };
}
