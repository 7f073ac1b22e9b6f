using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Analyzers.Flow;

internal sealed partial class PointerFlow
{
    private AbstractValue Binary(IBinaryOperation b)
    {
        var l = Eval(b.LeftOperand);
        var r = Eval(b.RightOperand);
        if (b.OperatorMethod != null) return Site(b);
        if (IsComparison(b.OperatorKind))
        {
            // A bounds or null check kept as a value instead of branched on: this method's facts are beyond this analysis.
            if ((l.Kind == ValueKind.Packet && r.Kind == ValueKind.PacketEnd) || (l.Kind == ValueKind.PacketEnd && r.Kind == ValueKind.Packet))
                _packetImprecise = true;
            if ((l.Kind == ValueKind.MapValue && IsNull(b.RightOperand)) || (r.Kind == ValueKind.MapValue && IsNull(b.LeftOperand)))
                _nullImprecise = true;
            return Site(b);
        }
        if (b.RightOperand.Type is IPointerTypeSymbol && b.LeftOperand.Type is not IPointerTypeSymbol && b.OperatorKind == BinaryOperatorKind.Add)
            return Arith(b.OperatorKind, r, l, b, b.RightOperand.Type);
        return Arith(b.OperatorKind, l, r, b, b.LeftOperand.Type);
    }

    private static bool IsComparison(BinaryOperatorKind k)
        => k is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
            or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual;

    /// <summary><paramref name="left"/> op <paramref name="right"/>, where <paramref name="leftType"/> tells pointer arithmetic from integer arithmetic.</summary>
    private AbstractValue Arith(BinaryOperatorKind kind, AbstractValue left, AbstractValue right, IOperation site, ITypeSymbol? leftType)
    {
        if (leftType is IPointerTypeSymbol && kind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract && site.Type is IPointerTypeSymbol)
        {
            long sign = kind == BinaryOperatorKind.Subtract ? -1 : 1;
            int size = _sizes.ElementSize(leftType);
            switch (left.Kind)
            {
                case ValueKind.MapValue:
                    CheckMap(new Place(left, LeftOf(site), 0), site.Syntax);
                    return AbstractValue.Unknown;
                case ValueKind.PacketEnd:
                    return right.IsConstant ? AbstractValue.End(left.Offset + sign * right.Offset * size) : AbstractValue.Unknown;
                case ValueKind.Packet:
                    if (right.IsConstant)
                    {
                        long d = sign * right.Offset * size;
                        return AbstractValue.Packet(left.Id, left.Offset + d, left.Avail - d);
                    }
                    return Offset(left, right, sign, size, site);
                default:
                    return AbstractValue.Unknown;
            }
        }
        if (left.Kind != ValueKind.Scalar || right.Kind != ValueKind.Scalar) return Site(site);
        if (left.IsConstant && right.IsConstant && Fold(kind, left.Offset, right.Offset) is long folded)
            return AbstractValue.Constant(Number("c:" + folded.ToString(CultureInfo.InvariantCulture)), folded);
        return AbstractValue.Scalar(Number("bin:" + kind + ":" + left.Id + ":" + right.Id), left.Opaque || right.Opaque);
    }

    /// <summary>A packet pointer plus a variable number of elements: a new base, as in the verifier; equal expressions get equal bases.</summary>
    private AbstractValue Offset(AbstractValue pointer, AbstractValue index, long sign, int size, IOperation site)
    {
        string i = index.Kind == ValueKind.Scalar ? "n" + index.Id : "s" + site.Syntax.SpanStart;
        return AbstractValue.Packet(Number("var:" + pointer.Id + ":" + pointer.Offset + ":" + sign * size + ":" + i), 0, 0);
    }

    private static IOperation? LeftOf(IOperation site) => site switch
    {
        IBinaryOperation b => b.LeftOperand,
        ICompoundAssignmentOperation c => c.Target,
        IIncrementOrDecrementOperation i => i.Target,
        _ => null,
    };

    private static long? Fold(BinaryOperatorKind kind, long a, long b) => kind switch
    {
        BinaryOperatorKind.Add => unchecked(a + b),
        BinaryOperatorKind.Subtract => unchecked(a - b),
        BinaryOperatorKind.Multiply => unchecked(a * b),
        BinaryOperatorKind.And => a & b,
        BinaryOperatorKind.Or => a | b,
        BinaryOperatorKind.ExclusiveOr => a ^ b,
        BinaryOperatorKind.LeftShift when b is >= 0 and < 64 => a << (int)b,
        _ => null,
    };
}
