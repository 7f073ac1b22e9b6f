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
    private static long ConstantAsLong(object? value) => value switch
    {
        null => 0,
        bool b => b ? 1 : 0,
        char c => c,
        ulong u => unchecked((long)u),
        string => throw new LoweringException("string constant", null, BpfDiagnostics.StringUse),
        float or double or decimal => throw new LoweringException("floating point", null, BpfDiagnostics.FloatingPoint, value.GetType().Name),
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static long Truncate(long v, LType t) => t.Size switch
    {
        1 => v & 1,
        8 => (sbyte)v,
        16 => (short)v,
        32 => (int)v,
        _ => v,
    };

    /// <summary>Evaluates <paramref name="op"/> and converts it to <paramref name="target"/> (the implicit conversions Roslyn leaves out, e.g. of return values).</summary>
    private LValue EmitValueAs(IOperation op, ITypeSymbol target)
    {
        LValue v = EmitValue(op);
        LType lt = ScalarOf(target, op);
        if (v.Type == lt) return v;
        return ConvertScalar(v, Subst(op.Type!), lt);
    }

    private LValue ConvertInt(LValue v, ITypeSymbol from, LType to)
    {
        if (v.Type == to) return v;
        if (v.Type.Size > to.Size) return _fb.Cast(CastOp.Trunc, v, to);
        return _fb.Cast(TypeLayout.IsSigned(from) ? CastOp.SExt : CastOp.ZExt, v, to);
    }

    private LValue ConvertScalar(LValue v, ITypeSymbol from, LType to)
    {
        if (v.Type == to) return v;
        if (v.Type.IsPtr && to.IsInt) return ConvertInt(_fb.Cast(CastOp.PtrToInt, v, LType.I64), from, to);
        if (v.Type.IsInt && to.IsPtr) return _fb.Cast(CastOp.IntToPtr, ConvertInt(v, from, LType.I64), LType.Ptr);
        if (v.Type == LType.I1) return _fb.Cast(CastOp.ZExt, v, to);
        if (to == LType.I1) return _fb.ICmp(IntPredicate.Ne, v, LValue.Const(v.Type, 0));
        return ConvertInt(v, from, to);
    }

    private LValue EmitConversion(IConversionOperation c)
    {
        ITypeSymbol to = Subst(c.Type!);
        // `map != null` compares through object: the reference conversion keeps the map pointer (null stays null).
        if (to.SpecialType == SpecialType.System_Object && c.Conversion.IsImplicit && (BpfSymbols.IsMapType(c.Operand.Type) || c.Operand.Type == null && c.Operand.ConstantValue is { HasValue: true, Value: null }))
            return c.Operand.Type == null ? LValue.Null : EmitValue(c.Operand);
        if (c.Operand.Type == null && c.Operand.ConstantValue.HasValue && c.Operand.ConstantValue.Value == null)
            return ScalarOf(to, c).IsPtr ? LValue.Null : LValue.Const(ScalarOf(to, c), 0);
        ITypeSymbol from = Subst(c.Operand.Type ?? throw NotSupported(c, "This conversion"));
        if (c.OperatorMethod != null) return EmitUserCall(c, c.OperatorMethod, null, new[] { c.Operand }, null);
        if (from.IsReferenceType == false && to.IsReferenceType && to.TypeKind != TypeKind.Pointer)
            throw new LoweringException("box", Loc(c), BpfDiagnostics.Boxing, from.ToDisplayString(), to.ToDisplayString());
        if (c.IsChecked && c.Conversion.IsNumeric && !c.Operand.ConstantValue.HasValue)
            throw new LoweringException("checked", Loc(c), BpfDiagnostics.Checked);
        LType lt = ScalarOf(to, c);
        LValue v = EmitValue(c.Operand);
        if (to.SpecialType == SpecialType.System_UInt32 && v.Type == LType.I64 && !c.Conversion.IsImplicit && IsOpaqueWide(c.Operand) && WidensAgain(c))
        {
            // "(uint)x" of a 64-bit local or call result that is widened again (a helper argument,
            // a ulong): in one block LLVM folds the pair to "and 0xffffffff", two shifts on BPF; a
            // 32-bit move does it in one (IrSupport.LowHalf).
            _module.RequireSupport(Backends.IrSupport.LowHalf);
            return _fb.Cast(CastOp.Trunc, _fb.Call(LType.I64, Backends.IrSupport.LowHalf, new[] { v }), LType.I32);
        }
        if (lt == LType.I32 && IsPointerDifference(c.Operand))
        {
            // "(uint)(end - data)": the 64-bit difference stays behind its barrier (see EmitBinary);
            // the 32-bit result gets one too, so widening it again is one 32-bit move (w = w)
            // instead of LLVM's "and 0xffffffff", which BPF spells as two shifts.
            _module.Declare("declare i32 @llvm.bpf.passthrough.i32.i32(i32, i32)");
            return _fb.Call(LType.I32, "@llvm.bpf.passthrough.i32.i32", new[] { LValue.Const(LType.I32, 0), _fb.Cast(CastOp.Trunc, v, LType.I32) });
        }
        return ConvertScalar(v, from, lt);
    }

    /// <summary>Whether the 32-bit result of <paramref name="c"/> goes straight into 64 bits: a widening conversion, or a helper argument (helpers take 64-bit registers).</summary>
    private static bool WidensAgain(IConversionOperation c)
    {
        IOperation? parent = c.Parent;
        while (parent is IParenthesizedOperation) parent = parent.Parent;
        return parent switch
        {
            IConversionOperation outer => outer.Type?.SpecialType is SpecialType.System_Int64 or SpecialType.System_UInt64,
            IArgumentOperation { Parent: IInvocationOperation inv } => BpfFacts.HelperId(inv.TargetMethod) != null,
            _ => false,
        };
    }

    /// <summary>A 64-bit local or call result: a value whose high half LLVM seldom knows, so a 32-bit move beats its mask.</summary>
    private static bool IsOpaqueWide(IOperation o) => Unparenthesized(o) is ILocalReferenceOperation or IInvocationOperation;

    private static bool IsPointerDifference(IOperation o)
        => Unparenthesized(o) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract, OperatorMethod: null } b
            && b.LeftOperand.Type is IPointerTypeSymbol && b.RightOperand.Type is IPointerTypeSymbol;

    private static IOperation Unparenthesized(IOperation o)
    {
        while (o is IParenthesizedOperation p) o = p.Operand;
        return o;
    }
}
