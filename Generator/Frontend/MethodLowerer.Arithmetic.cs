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
    /// <summary>Binary numeric promotion, as C# applies to compound assignments.</summary>
    private ITypeSymbol Promote(ITypeSymbol a, ITypeSymbol b)
    {
        ITypeSymbol Under(ITypeSymbol t) => t is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } u } ? u : t;
        a = Under(a);
        b = Under(b);
        Compilation comp = _module.Compilation;
        if (a.SpecialType == SpecialType.System_UInt64 || b.SpecialType == SpecialType.System_UInt64) return comp.GetSpecialType(SpecialType.System_UInt64);
        if (a.SpecialType == SpecialType.System_Int64 || b.SpecialType == SpecialType.System_Int64) return comp.GetSpecialType(SpecialType.System_Int64);
        if (a.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr) return a;
        bool aU = a.SpecialType == SpecialType.System_UInt32, bU = b.SpecialType == SpecialType.System_UInt32;
        if (aU || bU)
        {
            ITypeSymbol other = aU ? b : a;
            return TypeLayout.IsSigned(other) ? comp.GetSpecialType(SpecialType.System_Int64) : comp.GetSpecialType(SpecialType.System_UInt32);
        }
        return comp.GetSpecialType(SpecialType.System_Int32);
    }

    private LValue Compare(IntPredicate eqOrNe, LValue a, ITypeSymbol t, LValue b) => _fb.ICmp(eqOrNe, a, b);

    private LValue Relational(BinaryOperatorKind kind, LValue a, ITypeSymbol t, LValue b)
    {
        bool signed = TypeLayout.IsSigned(t);
        IntPredicate pred = kind switch
        {
            BinaryOperatorKind.Equals => IntPredicate.Eq,
            BinaryOperatorKind.NotEquals => IntPredicate.Ne,
            BinaryOperatorKind.LessThan => signed ? IntPredicate.Slt : IntPredicate.Ult,
            BinaryOperatorKind.LessThanOrEqual => signed ? IntPredicate.Sle : IntPredicate.Ule,
            BinaryOperatorKind.GreaterThan => signed ? IntPredicate.Sgt : IntPredicate.Ugt,
            BinaryOperatorKind.GreaterThanOrEqual => signed ? IntPredicate.Sge : IntPredicate.Uge,
            _ => throw new LoweringException("relational " + kind),
        };
        return _fb.ICmp(pred, a, b);
    }

    private LValue EmitBinary(IBinaryOperation b)
    {
        if (b.OperatorMethod is { IsImplicitlyDeclared: true, ContainingType.IsRecord: true, Name: "op_Equality" or "op_Inequality" } recordOp)
            return RecordEquality(b, recordOp.Name == "op_Equality");
        if (b.OperatorMethod != null) return EmitUserCall(b, b.OperatorMethod, null, new[] { b.LeftOperand, b.RightOperand }, null);
        if (b.IsLifted) throw NotSupported(b, "A nullable operator");
        if (b.IsChecked && b.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide)
            throw new LoweringException("checked", Loc(b), BpfDiagnostics.Checked);
        if (b.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr)
        {
            BasicBlock t = _fb.NewBlock("bool.true"), f = _fb.NewBlock("bool.false"), end = _fb.NewBlock("bool.end");
            EmitCondition(b, t, f);
            _fb.SetBlock(t);
            _fb.Br(end);
            _fb.SetBlock(f);
            _fb.Br(end);
            _fb.SetBlock(end);
            return _fb.Phi(LType.I1, new[] { (LValue.Const(LType.I1, 1), t), (LValue.Const(LType.I1, 0), f) });
        }
        ITypeSymbol lt = Subst(b.LeftOperand.Type!), rt = Subst(b.RightOperand.Type!);
        ITypeSymbol resultType = Subst(b.Type!);
        // Pointer arithmetic: p ± n, n + p, p - q.
        if (lt is IPointerTypeSymbol lp && b.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract && rt is not IPointerTypeSymbol)
            return PointerOffset(EmitValue(b.LeftOperand), b.RightOperand, ElementSize(lp, b), b.OperatorKind == BinaryOperatorKind.Subtract);
        if (rt is IPointerTypeSymbol rp && b.OperatorKind == BinaryOperatorKind.Add)
            return PointerOffset(EmitValue(b.RightOperand), b.LeftOperand, ElementSize(rp, b));
        if (lt is IPointerTypeSymbol lp2 && rt is IPointerTypeSymbol && b.OperatorKind == BinaryOperatorKind.Subtract)
        {
            LValue diff = _fb.Binary(BinaryOp.Sub, _fb.Cast(CastOp.PtrToInt, EmitValue(b.LeftOperand), LType.I64), _fb.Cast(CastOp.PtrToInt, EmitValue(b.RightOperand), LType.I64));
            // Keep the subtraction 64-bit: LLVM would otherwise narrow "(int)(end - p)" to 32-bit
            // arithmetic on pointer registers, which the verifier prohibits.
            _module.Declare("declare i64 @llvm.bpf.passthrough.i64.i64(i32, i64)");
            diff = _fb.Call(LType.I64, "@llvm.bpf.passthrough.i64.i64", new[] { LValue.Const(LType.I32, 0), diff });
            int size = ElementSize(lp2, b);
            if (size == 1) return diff;
            if (_provenance?.Edge(b.LeftOperand) is int high && _provenance.Edge(b.RightOperand) is int low && high >= low)
                return _fb.Binary(BinaryOp.UDiv, diff, LValue.Const(LType.I64, size)); // never negative (PointerProvenance.Edge)
            // C# divides the byte difference by the element size, truncating toward zero: the
            // difference need not be a multiple of the size, so no exact shift or division.
            if ((size & (size - 1)) == 0)
            {
                int k = Log2(size);
                LValue sign = _fb.Binary(BinaryOp.AShr, diff, LValue.Const(LType.I64, 63));
                LValue bias = _fb.Binary(BinaryOp.LShr, sign, LValue.Const(LType.I64, 64 - k));
                return _fb.Binary(BinaryOp.AShr, _fb.Binary(BinaryOp.Add, diff, bias), LValue.Const(LType.I64, k));
            }
            return SignedDivision(Backends.IrSupport.SignedDivide, diff, LValue.Const(LType.I64, size));
        }
        LValue l = EmitValue(b.LeftOperand);
        LValue r = EmitValue(b.RightOperand);
        if (r.Type != l.Type && !l.Type.IsPtr) r = ConvertScalar(r, rt, l.Type);
        bool signed = TypeLayout.IsSigned(lt);
        switch (b.OperatorKind)
        {
            case BinaryOperatorKind.Equals: return _fb.ICmp(IntPredicate.Eq, l, r);
            case BinaryOperatorKind.NotEquals: return _fb.ICmp(IntPredicate.Ne, l, r);
            case BinaryOperatorKind.LessThan:
            case BinaryOperatorKind.LessThanOrEqual:
            case BinaryOperatorKind.GreaterThan:
            case BinaryOperatorKind.GreaterThanOrEqual:
                return Relational(b.OperatorKind, l, lt, r);
        }
        if (!l.Type.IsInt) throw NotSupported(b, "This operator on " + lt.ToDisplayString());
        return Arithmetic(b.OperatorKind, l, r, signed, b, resultType);
    }

    /// <summary>
    /// == on a record struct: the compiler-made operator compares every instance field with
    /// EqualityComparer&lt;T&gt;.Default, which for integers, bools, enums and pointers is value equality.
    /// </summary>
    private LValue RecordEquality(IBinaryOperation b, bool equal)
    {
        var type = (INamedTypeSymbol)Subst(b.LeftOperand.Type!);
        LValue l = EmitAddress(b.LeftOperand), r = EmitAddress(b.RightOperand);
        LValue all = LValue.Const(LType.I1, 1);
        foreach (var f in TypeLayout.InstanceFields(type))
        {
            ITypeSymbol ft = Subst(f.Type);
            if (f.IsFixedSizeBuffer || Layout.Scalar(ft) is null)
                throw NotSupported(b, "== on the record struct '" + type.Name + "' with the field '" + f.Name + "' of type " + ft.ToDisplayString());
            int off = Layout.FieldOffset(f, Loc(b));
            int align = FieldAlign(f, null);
            all = _fb.Binary(BinaryOp.And, all, _fb.ICmp(IntPredicate.Eq, Load(_fb.Gep(l, off), ft, align), Load(_fb.Gep(r, off), ft, align)));
        }
        return equal ? all : _fb.Binary(BinaryOp.Xor, all, LValue.Const(LType.I1, 1));
    }

    private static int Log2(int powerOfTwo)
    {
        int n = 0;
        while ((1 << n) < powerOfTwo) n++;
        return n;
    }

    private LoweringException TupleLayout(IOperation where, ITypeSymbol t)
        => new("tuple layout", Loc(where), Diagnostics.BpfDiagnostics.StructLayout, t.ToDisplayString(), "a ValueTuple (LayoutKind.Auto)",
            "tuples have no fixed layout to share through memory: declare a struct with named fields");

    private int ElementSize(IPointerTypeSymbol p, IOperation where)
        => CLayout.IsValueTuple(Subst(p.PointedAtType)) ? throw TupleLayout(where, p.PointedAtType) : p.PointedAtType.SpecialType == SpecialType.System_Void ? 1 : Layout.Of(Subst(p.PointedAtType), Loc(where)).Size;

    private LValue Arithmetic(BinaryOperatorKind kind, LValue l, LValue r, bool signed, IOperation where, ITypeSymbol resultType)
    {
        switch (kind)
        {
            case BinaryOperatorKind.Add: return _fb.Binary(BinaryOp.Add, l, r);
            case BinaryOperatorKind.Subtract: return _fb.Binary(BinaryOp.Sub, l, r);
            case BinaryOperatorKind.Multiply: return _fb.Binary(BinaryOp.Mul, l, r);
            case BinaryOperatorKind.Divide: return signed ? SignedDivision(Backends.IrSupport.SignedDivide, l, Divisor(r, signed)) : _fb.Binary(BinaryOp.UDiv, l, Divisor(r, signed));
            case BinaryOperatorKind.Remainder: return signed ? SignedDivision(Backends.IrSupport.SignedRemainder, l, Divisor(r, signed)) : _fb.Binary(BinaryOp.URem, l, Divisor(r, signed));
            case BinaryOperatorKind.And: return _fb.Binary(BinaryOp.And, l, r);
            case BinaryOperatorKind.Or: return _fb.Binary(BinaryOp.Or, l, r);
            case BinaryOperatorKind.ExclusiveOr: return _fb.Binary(BinaryOp.Xor, l, r);
            case BinaryOperatorKind.LeftShift:
            case BinaryOperatorKind.RightShift:
            case BinaryOperatorKind.UnsignedRightShift:
            {
                // C# masks the count to the operand width; LLVM calls a larger count poison.
                LValue count = r.IsConstant ? LValue.Const(l.Type, long.Parse(r.Text, System.Globalization.CultureInfo.InvariantCulture) & (l.Type.Size - 1))
                    : _fb.Binary(BinaryOp.And, r, LValue.Const(l.Type, l.Type.Size - 1));
                BinaryOp op = kind == BinaryOperatorKind.LeftShift ? BinaryOp.Shl : kind == BinaryOperatorKind.RightShift && signed ? BinaryOp.AShr : BinaryOp.LShr;
                return _fb.Binary(op, l, count);
            }
        }
        throw NotSupported(where, "The operator " + kind);
    }

    /// <summary>
    /// A divisor LLVM may not reason about. LLVM takes division by zero (and signed MinValue / -1) as
    /// undefined and optimises on that; BPF defines them (x / 0 = 0, x % 0 = x, MinValue / -1 =
    /// MinValue, MinValue % -1 = 0), and those are the documented results. An empty inline asm that
    /// passes the divisor through a register (libbpf's barrier_var idiom) hides its value from every
    /// optimisation, through code generation; it costs no instruction.
    /// </summary>
    private LValue Divisor(LValue r, bool signed)
    {
        if (r.IsConstant && long.TryParse(r.Text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long c) && c != 0 && !(signed && c == -1))
            return r;
        return _fb.Opaque(r);
    }

    /// <summary>Signed / and %: a support call whose body fits the CPU (see <see cref="Backends.IrSupport"/>).</summary>
    private LValue SignedDivision(string function, LValue l, LValue r)
    {
        if (l.Type.Size < 32)
        {
            l = _fb.Cast(CastOp.SExt, l, LType.I32);
            r = _fb.Cast(CastOp.SExt, r, LType.I32);
        }
        _module.RequireSupport(function + l.Type);
        return _fb.Call(l.Type, function + l.Type, new[] { l, r });
    }

    private LValue EmitUnary(IUnaryOperation u)
    {
        if (u.OperatorMethod != null) return EmitUserCall(u, u.OperatorMethod, null, new[] { u.Operand }, null);
        LValue v = EmitValue(u.Operand);
        switch (u.OperatorKind)
        {
            case UnaryOperatorKind.Plus: return v;
            case UnaryOperatorKind.Minus:
                if (u.IsChecked) throw new LoweringException("checked", Loc(u), BpfDiagnostics.Checked);
                return _fb.Binary(BinaryOp.Sub, LValue.Const(v.Type, 0), v);
            case UnaryOperatorKind.BitwiseNegation: return _fb.Binary(BinaryOp.Xor, v, LValue.Const(v.Type, -1));
            case UnaryOperatorKind.Not: return _fb.Binary(BinaryOp.Xor, v, LValue.Const(LType.I1, 1));
        }
        throw NotSupported(u, "The operator " + u.OperatorKind);
    }
}
