using System.Collections.Generic;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

internal sealed partial class MethodLowerer
{
    /// <summary>What a pattern tests: a scalar's value, or a struct's address (property patterns read its members).</summary>
    private LValue PatternInput(IOperation valueOp, ITypeSymbol type)
        => TypeLayout.IsStruct(type) ? EmitAddress(valueOp) : EmitValue(valueOp);

    /// <summary>
    /// <c>x is { A: &gt; 3, B.C: 0 } s</c> on a struct: each member is read from the input and tested
    /// in order, stopping at the first that fails, as C# does.
    /// </summary>
    private LValue EmitRecursivePattern(LValue input, ITypeSymbol inputType, IRecursivePatternOperation rp)
    {
        if (!rp.DeconstructionSubpatterns.IsEmpty || rp.DeconstructSymbol != null)
            throw NotSupported(rp, "A positional (deconstruction) pattern");
        // `inner is { }` or `inner is { } m` on a map: the map is there (and is named m).
        if (BpfSymbols.IsMapType(inputType) && rp.PropertySubpatterns.IsEmpty)
        {
            if (rp.DeclaredSymbol is ILocalSymbol named) Store(input, SlotOf(named), inputType);
            return _fb.ICmp(IntPredicate.Ne, input, LValue.Null);
        }
        if (!SymbolEqualityComparer.Default.Equals(Subst(rp.MatchedType), inputType) || !TypeLayout.IsStruct(inputType))
            throw NotSupported(rp, "A property pattern on '" + inputType.ToDisplayString() + "'");
        BasicBlock fail = _fb.NewBlock("pat.fail"), end = _fb.NewBlock("pat.end");
        var incoming = new List<(LValue, BasicBlock)>();
        LValue? saved = _patternInput;
        _patternInput = input;
        try
        {
            foreach (var sub in rp.PropertySubpatterns)
            {
                ITypeSymbol mt = Subst(sub.Member.Type!);
                LValue memberValue = PatternInput(sub.Member, mt);
                LValue test = EmitPattern(memberValue, mt, sub.Pattern);
                BasicBlock next = _fb.NewBlock("pat.next");
                _fb.CondBr(test, next, fail);
                _fb.SetBlock(next);
            }
        }
        finally
        {
            _patternInput = saved;
        }
        if (rp.DeclaredSymbol is ILocalSymbol local) _fb.Memcpy(SlotOf(local), input, Layout.Of(inputType).Size, Layout.Of(inputType).Align);
        incoming.Add((LValue.Const(LType.I1, 1), _fb.Current));
        _fb.Br(end);
        _fb.SetBlock(fail);
        incoming.Add((LValue.Const(LType.I1, 0), fail));
        _fb.Br(end);
        _fb.SetBlock(end);
        return _fb.Phi(LType.I1, incoming);
    }

    /// <summary>A type pattern matches a map only when it is there (C#'s `is T` on a reference is a null test); anything else always.</summary>
    private LValue NotNullIfMap(LValue value, ITypeSymbol valueType)
        => BpfSymbols.IsMapType(valueType) ? _fb.ICmp(IntPredicate.Ne, value, LValue.Null) : LValue.Const(LType.I1, 1);

    /// <summary>Tests an already-evaluated scalar against a pattern (constant, relational, and/or/not, discard, var).</summary>
    private LValue EmitPattern(LValue value, ITypeSymbol valueType, IPatternOperation pattern)
    {
        switch (pattern)
        {
            case IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } } when value.Type.IsPtr:
                return _fb.ICmp(IntPredicate.Eq, value, LValue.Null);
            case IConstantPatternOperation c:
                return _fb.ICmp(IntPredicate.Eq, value, EmitValueAs(c.Value, valueType));
            case IRelationalPatternOperation r:
                return Relational(r.OperatorKind, value, valueType, EmitValueAs(r.Value, valueType));
            case INegatedPatternOperation n:
                return _fb.Binary(BinaryOp.Xor, EmitPattern(value, valueType, n.Pattern), LValue.Const(LType.I1, 1));
            case IBinaryPatternOperation b:
            {
                LValue l = EmitPattern(value, valueType, b.LeftPattern);
                LValue r = EmitPattern(value, valueType, b.RightPattern);
                return _fb.Binary(b.OperatorKind == BinaryOperatorKind.Or ? BinaryOp.Or : BinaryOp.And, l, r);
            }
            case IDiscardPatternOperation:
                return LValue.Const(LType.I1, 1);
            case IDeclarationPatternOperation d when d.DeclaredSymbol is ILocalSymbol local
                && SymbolEqualityComparer.Default.Equals(Subst(local.Type).WithNullableAnnotation(NullableAnnotation.None), valueType.WithNullableAnnotation(NullableAnnotation.None)):
                Store(value, SlotOf(local), valueType);
                return NotNullIfMap(value, valueType);
            case IDeclarationPatternOperation { DeclaredSymbol: null }:
                return NotNullIfMap(value, valueType);
            case IRecursivePatternOperation rp:
                return EmitRecursivePattern(value, valueType, rp);
        }
        throw NotSupported(pattern, "This pattern");
    }
}
