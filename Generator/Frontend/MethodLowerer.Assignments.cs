using System;
using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeFirstBpf.Generator.Frontend;

internal sealed partial class MethodLowerer
{
    /// <summary>Assignment; returns the assigned scalar, or null for a struct.</summary>
    /// <remarks>C# evaluates the target's receiver and indices first, then the value.</remarks>
    private LValue? Assign(ISimpleAssignmentOperation a)
    {
        ITypeSymbol t = Subst(a.Target.Type!);
        if (a.IsRef)
        {
            // m = ref other: a ref local now refers to another variable.
            if (a.Target is not ILocalReferenceOperation { Local.IsRef: true } rl) throw NotSupported(a, "This ref reassignment");
            _fb.Store(EmitAddress(a.Value, allowTemp: false), SlotOf(rl.Local), 8);
            return null;
        }
        if (TypeLayout.IsStruct(t))
        {
            if (a.Target is IPropertyReferenceOperation or IParenthesizedOperation { Operand: IPropertyReferenceOperation })
            {
                Place sp = EmitPlace(a.Target);
                LValue built = NewTemp(t);
                EmitStructInto(a.Value, built, fresh: true);
                if (sp.Kind == PlaceKind.Memory) _fb.Memcpy(sp.Address, built, Layout.Of(t, Loc(a)).Size, sp.Align);
                else StorePlace(sp, built, a);
                return null;
            }
            Layout l = Layout.Of(t, Loc(a));
            int align = AlignOf(a.Target);
            LValue target = EmitAddress(a.Target, allowTemp: false);
            if (align >= l.Align)
            {
                EmitStructInto(a.Value, target, fresh: false);
                return null;
            }
            // The target sits less aligned than its type (inside a packed struct): build, then copy bytewise.
            LValue tmp = NewTemp(t);
            EmitStructInto(a.Value, tmp, fresh: true);
            _fb.Memcpy(target, tmp, l.Size, align);
            return null;
        }
        Place place = EmitPlace(a.Target);
        LValue v = EmitValueAs(a.Value, t);
        StorePlace(place, v, a);
        return v;
    }

    private LValue EmitCompound(ICompoundAssignmentOperation ca)
    {
        if (ca.OperatorMethod != null) throw NotSupported(ca, "A user-defined compound operator");
        if (ca.IsChecked && ca.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply)
            throw new LoweringException("checked", Loc(ca), BpfDiagnostics.Checked);
        ITypeSymbol tt = Subst(ca.Target.Type!);
        ITypeSymbol vt = Subst(ca.Value.Type!);
        Place place = EmitPlace(ca.Target);
        LValue old = LoadPlace(place, ca);
        LValue result;
        if (tt is IPointerTypeSymbol pt)
        {
            result = PointerOffset(old, ca.Value, ElementSize(pt, ca), ca.OperatorKind == BinaryOperatorKind.Subtract);
        }
        else if (old.Type == LType.I1)
        {
            LValue r = EmitValue(ca.Value);
            result = Arithmetic(ca.OperatorKind, old, r, false, ca, tt);
        }
        else
        {
            bool shift = ca.OperatorKind is BinaryOperatorKind.LeftShift or BinaryOperatorKind.RightShift or BinaryOperatorKind.UnsignedRightShift;
            ITypeSymbol opType = shift ? Promote(tt, tt) : Promote(tt, vt);
            LType ol = ScalarOf(opType, ca);
            LValue l = ConvertInt(old, tt, ol);
            LValue r = ConvertScalar(EmitValue(ca.Value), vt, ol);
            result = ConvertInt(Arithmetic(ca.OperatorKind, l, r, TypeLayout.IsSigned(opType), ca, opType), opType, old.Type);
        }
        StorePlace(place, result, ca);
        return result;
    }

    private LValue EmitIncrement(IIncrementOrDecrementOperation inc)
    {
        if (inc.OperatorMethod != null) throw NotSupported(inc, "A user-defined ++/--");
        if (inc.IsChecked) throw new LoweringException("checked", Loc(inc), BpfDiagnostics.Checked);
        ITypeSymbol t = Subst(inc.Target.Type!);
        Place place = EmitPlace(inc.Target);
        LValue old = LoadPlace(place, inc);
        bool dec = inc.Kind == OperationKind.Decrement;
        LValue updated = t is IPointerTypeSymbol pt
            ? _fb.Gep(old, dec ? -ElementSize(pt, inc) : ElementSize(pt, inc))
            : old.Type == LType.I1 ? _fb.Binary(BinaryOp.Xor, old, LValue.Const(LType.I1, 1))
            : _fb.Binary(dec ? BinaryOp.Sub : BinaryOp.Add, old, LValue.Const(old.Type, 1));
        StorePlace(place, updated, inc);
        return inc.IsPostfix ? old : updated;
    }
}
