using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// Pure BCL helpers users reach for, lowered to the BPF code they stand for: <c>Math.Min/Max</c>
/// (compare and select), <c>Math.Clamp</c> with constant bounds, and <c>BitOperations</c> bit
/// counts and rotations (LLVM intrinsics, expanded for BPF). Each computes exactly what .NET
/// computes; where .NET would throw (<c>Math.Abs(int.MinValue)</c>, <c>Clamp</c> with min &gt; max),
/// the call is rejected with the alternative.
/// </summary>
internal sealed partial class MethodLowerer
{
    private LValue EmitBclIntrinsic(IInvocationOperation inv)
    {
        var fb = _fb;
        IMethodSymbol m = inv.TargetMethod;
        if (BpfSymbols.IsBlockOp(m)) return EmitBlockOp(inv);
        ITypeSymbol t = m.Parameters[0].Type;
        if (t.SpecialType is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal)
            throw new LoweringException("float", inv.Syntax.GetLocation(), BpfDiagnostics.FloatingPoint, t.ToDisplayString());
        LType lt = _module.Layout.Scalar(t) ?? throw TypeLayout.Unsupported(t, inv.Syntax.GetLocation());
        bool signed = TypeLayout.IsSigned(t);
        LValue Arg(int i) => EmitValueAs(inv.Arguments[i].Value, t);
        LType ret = _module.Layout.Scalar(m.ReturnType) ?? LType.I32;
        switch (m.Name)
        {
            case "Min":
            case "Max":
            {
                LValue a = Arg(0), b = Arg(1);
                IntPredicate pred = m.Name == "Min" ? (signed ? IntPredicate.Slt : IntPredicate.Ult) : (signed ? IntPredicate.Sgt : IntPredicate.Ugt);
                return fb.Select(fb.ICmp(pred, a, b), a, b);
            }
            case "Clamp":
            {
                var lo = inv.Arguments[1].Value.ConstantValue;
                var hi = inv.Arguments[2].Value.ConstantValue;
                if (!lo.HasValue || !hi.HasValue || Compare(lo.Value, hi.Value, signed) > 0)
                    throw new LoweringException("clamp", inv.Syntax.GetLocation(), BpfDiagnostics.Unsupported, "Math.Clamp with bounds that are not constants (or min > max)",
                        ".NET throws when min > max, which BPF cannot: write Math.Min(Math.Max(value, min), max)");
                LValue v = Arg(0), min = Arg(1), max = Arg(2);
                LValue low = fb.Select(fb.ICmp(signed ? IntPredicate.Slt : IntPredicate.Ult, v, min), min, v);
                return fb.Select(fb.ICmp(signed ? IntPredicate.Sgt : IntPredicate.Ugt, low, max), max, low);
            }
            case "Abs":
                throw new LoweringException("abs", inv.Syntax.GetLocation(), BpfDiagnostics.Unsupported, "Math.Abs",
                    ".NET throws for MinValue, which BPF cannot: write 'x < 0 ? -x : x' (MinValue stays MinValue) or compare unsigned values");
            case "PopCount":
                return Resize(fb, BitIntrinsic("ctpop", lt, Arg(0)), ret);
            case "LeadingZeroCount":
                return Resize(fb, BitIntrinsic("ctlz", lt, Arg(0), zeroIsPoison: false), ret);
            case "TrailingZeroCount":
                return Resize(fb, BitIntrinsic("cttz", lt, Arg(0), zeroIsPoison: false), ret);
            case "Log2":
            {
                // .NET: Log2(0) is 0, so count the zeros of x | 1.
                LValue x = fb.Binary(BinaryOp.Or, Arg(0), LValue.Const(lt, 1));
                LValue lz = BitIntrinsic("ctlz", lt, x, zeroIsPoison: true);
                return Resize(fb, fb.Binary(BinaryOp.Sub, LValue.Const(lt, lt.Size - 1), lz), ret);
            }
            case "IsPow2":
            {
                LValue x = Arg(0);
                LValue positive = fb.ICmp(signed ? IntPredicate.Sgt : IntPredicate.Ne, x, LValue.Const(lt, 0));
                LValue single = fb.ICmp(IntPredicate.Eq, fb.Binary(BinaryOp.And, x, fb.Binary(BinaryOp.Sub, x, LValue.Const(lt, 1))), LValue.Const(lt, 0));
                return fb.Binary(BinaryOp.And, positive, single);
            }
            case "RotateLeft":
            case "RotateRight":
            {
                // The offset is taken modulo the width, as .NET does; funnel shifts do exactly that.
                LValue x = Arg(0);
                LValue n = ConvertScalar(EmitValue(inv.Arguments[1].Value), inv.Arguments[1].Value.Type!, lt);
                string name = m.Name == "RotateLeft" ? "fshl" : "fshr";
                _module.Declare("declare " + lt + " @llvm." + name + "." + lt + "(" + lt + ", " + lt + ", " + lt + ")");
                return fb.Call(lt, "@llvm." + name + "." + lt, new[] { x, x, n });
            }
        }
        throw new LoweringException("bcl", inv.Syntax.GetLocation(), BpfDiagnostics.NoSource, m.ToDisplayString());
    }

    private static int Compare(object? a, object? b, bool signed)
        => signed ? System.Convert.ToInt64(a).CompareTo(System.Convert.ToInt64(b)) : System.Convert.ToUInt64(a).CompareTo(System.Convert.ToUInt64(b));

    private LValue BitIntrinsic(string name, LType t, LValue x, bool? zeroIsPoison = null)
    {
        string fn = "@llvm." + name + "." + t;
        _module.Declare("declare " + t + " " + fn + "(" + t + (zeroIsPoison.HasValue ? ", i1" : string.Empty) + ")");
        return zeroIsPoison.HasValue
            ? _fb.Call(t, fn, new[] { x, LValue.Const(LType.I1, zeroIsPoison.Value ? 1 : 0) })
            : _fb.Call(t, fn, new[] { x });
    }

    private static LValue Resize(FunctionBuilder fb, LValue v, LType to)
        => v.Type == to ? v : v.Type.Size > to.Size ? fb.Cast(CastOp.Trunc, v, to) : fb.Cast(CastOp.ZExt, v, to);
}
