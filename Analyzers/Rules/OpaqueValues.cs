using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Analyzers.Rules;

/// <summary>
/// Which values of one method the verifier cannot know and cannot bound: 32- and 64-bit values
/// read from the context, from packet or map memory, or returned by a helper or a map operation,
/// and locals computed from them. Everything else may be a constant by the time the verifier sees
/// it (a helper's parameter that LLVM specialises or inlines, a local LLVM folds) or has a small
/// range (a byte or ushort read from a header), so a rule that must be sure treats it as bounded.
/// A local compared with a constant outside the loop at hand (<c>if (n &gt; 64) n = 64;</c>) is
/// clamped: the verifier learns its range from that branch.
/// </summary>
internal sealed class OpaqueValues
{
    private readonly IOperation _body;
    private readonly KnownSymbols _known;
    private readonly HashSet<ILocalSymbol> _opaque = new(SymbolEqualityComparer.Default);

    public OpaqueValues(IOperation body, KnownSymbols known)
    {
        _body = body;
        _known = known;
        var defs = Definitions();
        // To a fixpoint: a local is opaque when one of its definitions is.
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var (local, value) in defs)
                if (!_opaque.Contains(local) && (value == null || IsOpaque(value, null))) changed |= _opaque.Add(local);
        }
    }

    /// <summary>Whether <paramref name="e"/> depends on a value the verifier cannot bound, with clamps outside <paramref name="loop"/> counted.</summary>
    public bool IsOpaque(IOperation e, ILoopOperation? loop)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        while (e is IParenthesizedOperation p) e = p.Operand;
        if (e.ConstantValue.HasValue) return false;
        // A condition (a comparison, &&, ||, !) depends on what its operands depend on.
        if (e.Type?.SpecialType == SpecialType.System_Boolean && e is IBinaryOperation or IUnaryOperation)
            return e is IBinaryOperation cond ? IsOpaque(cond.LeftOperand, loop) || IsOpaque(cond.RightOperand, loop) : IsOpaque(((IUnaryOperation)e).Operand, loop);
        // Pointers (a map value checked for null) never count a loop's trips; small integers bound them.
        if (IsSmall(e.Type) || e.Type is IPointerTypeSymbol) return false;
        switch (e)
        {
            case IConversionOperation c:
                return !IsSmall(c.Operand.Type) && IsOpaque(c.Operand, loop);
            case ILocalReferenceOperation l:
                return _opaque.Contains(l.Local) && (loop == null || !IsClamped(l.Local, loop));
            case IParameterReferenceOperation:
            case ILiteralOperation:
                return false;
            case IPropertyReferenceOperation pr when _known.IsContext(pr.Property.ContainingType):
                return pr.Property.Name is not ("Data" or "DataEnd" or "DataMeta");
            case IInvocationOperation inv when _known.IsHelpers(inv.TargetMethod.ContainingType) || _known.IsMapType(inv.TargetMethod.ContainingType):
                return true;
            case IInvocationOperation inv when inv.TargetMethod is { Name: "Min" or "Clamp", ContainingType.Name: "Math" }:
                // Bounded by any argument that is not opaque.
                foreach (var a in inv.Arguments)
                    if (!IsOpaque(a.Value, loop)) return false;
                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.And or BinaryOperatorKind.Remainder } b
                when !IsOpaque(b.RightOperand, loop) || (b.OperatorKind == BinaryOperatorKind.And && !IsOpaque(b.LeftOperand, loop)):
                return false;
            case IBinaryOperation b:
                return IsOpaque(b.LeftOperand, loop) || IsOpaque(b.RightOperand, loop);
            case IUnaryOperation u:
                return IsOpaque(u.Operand, loop);
        }
        return IsMemoryRead(e);
    }

    /// <summary>A dereference, a pointer element, or a field or property reached through a pointer.</summary>
    public static bool IsMemoryRead(IOperation e) => e switch
    {
        IFieldReferenceOperation { Instance: { } i } => IsMemoryRead(i),
        IPropertyReferenceOperation { Instance: { } i } => IsMemoryRead(i),
        _ => e.Kind == OperationKind.None && e.Type != null,
    };

    /// <summary>Types whose every value bounds a loop the verifier can walk (at most 65,535 trips).</summary>
    private static bool IsSmall(ITypeSymbol? t)
        => t?.SpecialType is SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Char
            or SpecialType.System_Int16 or SpecialType.System_UInt16;

    /// <summary>A comparison of the local with a constant outside the loop: the branch tells the verifier its range.</summary>
    private bool IsClamped(ILocalSymbol local, ILoopOperation loop)
    {
        foreach (var op in _body.Descendants())
        {
            if (op is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                    or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual } b || Inside(b, loop)) continue;
            if ((Refers(b.LeftOperand, local) && b.RightOperand.ConstantValue.HasValue) || (Refers(b.RightOperand, local) && b.LeftOperand.ConstantValue.HasValue))
                return true;
        }
        return false;
    }

    private static bool Refers(IOperation e, ILocalSymbol local)
    {
        while (e is IConversionOperation or IParenthesizedOperation)
            e = e is IConversionOperation c ? c.Operand : ((IParenthesizedOperation)e).Operand;
        return e is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local);
    }

    private static bool Inside(IOperation op, IOperation ancestor)
    {
        for (var p = op.Parent; p != null; p = p.Parent)
            if (p == ancestor) return true;
        return false;
    }

    /// <summary>Every definition of a local: its value, or null where a helper or map call writes it (<c>out</c>).</summary>
    private List<(ILocalSymbol Local, IOperation? Value)> Definitions()
    {
        var defs = new List<(ILocalSymbol, IOperation?)>();
        foreach (var op in _body.Descendants())
        {
            switch (op)
            {
                case IVariableDeclaratorOperation d when d.GetVariableInitializer()?.Value is { } init:
                    defs.Add((d.Symbol, init));
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation l } a:
                    defs.Add((l.Local, a.Value));
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref, Parent: IInvocationOperation inv } arg
                    when Local(arg.Value) is { } written && (_known.IsHelpers(inv.TargetMethod.ContainingType) || _known.IsMapType(inv.TargetMethod.ContainingType)):
                    defs.Add((written, null));
                    break;
            }
        }
        return defs;
    }

    private static ILocalSymbol? Local(IOperation e) => e switch
    {
        ILocalReferenceOperation l => l.Local,
        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation l } => l.Local,
        _ => null,
    };
}
