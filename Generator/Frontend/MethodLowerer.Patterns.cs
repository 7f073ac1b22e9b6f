using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

internal sealed partial class MethodLowerer
{
    /// <summary>Tests an already-evaluated scalar against a pattern (constant, relational, and/or/not, discard, var).</summary>
    private LValue EmitPattern(LValue value, ITypeSymbol valueType, IPatternOperation pattern)
    {
        switch (pattern)
        {
            case IConstantPatternOperation c:
                return _fb.ICmp("eq", value, EmitValueAs(c.Value, valueType));
            case IRelationalPatternOperation r:
                return Relational(r.OperatorKind, value, valueType, EmitValueAs(r.Value, valueType));
            case INegatedPatternOperation n:
                return _fb.Binary("xor", EmitPattern(value, valueType, n.Pattern), LValue.Const(LType.I1, 1));
            case IBinaryPatternOperation b:
            {
                LValue l = EmitPattern(value, valueType, b.LeftPattern);
                LValue r = EmitPattern(value, valueType, b.RightPattern);
                return _fb.Binary(b.OperatorKind == BinaryOperatorKind.Or ? "or" : "and", l, r);
            }
            case IDiscardPatternOperation:
                return LValue.Const(LType.I1, 1);
            case IDeclarationPatternOperation d when d.DeclaredSymbol is ILocalSymbol local
                && SymbolEqualityComparer.Default.Equals(Subst(local.Type), valueType):
                Store(value, SlotOf(local), valueType);
                return LValue.Const(LType.I1, 1);
            case IDeclarationPatternOperation { DeclaredSymbol: null }:
                return LValue.Const(LType.I1, 1);
        }
        throw NotSupported(pattern, "This pattern");
    }
}
