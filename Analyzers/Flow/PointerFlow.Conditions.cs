using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Analyzers.Flow;

internal sealed partial class PointerFlow
{
    /// <summary>Evaluates a branch condition; returns the states where it is true and where it is false.</summary>
    private (FlowState WhenTrue, FlowState WhenFalse) Condition(IOperation condition)
    {
        while (condition is IParenthesizedOperation p) condition = p.Operand;
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } not:
            {
                var (t, f) = Condition(not.Operand);
                return (f, t);
            }
            case IBinaryOperation { OperatorMethod: null } b when IsComparison(b.OperatorKind):
            {
                var l = Eval(b.LeftOperand);
                var r = Eval(b.RightOperand);
                var whenTrue = _state.Clone();
                var whenFalse = _state.Clone();
                ApplyBounds(b, l, r, whenTrue, whenFalse);
                ApplyNull(b, l, r, whenTrue, whenFalse);
                if (b.OperatorKind == BinaryOperatorKind.Equals) Refine(l, r, whenTrue);
                else if (b.OperatorKind == BinaryOperatorKind.NotEquals) Refine(l, r, whenFalse);
                return (whenTrue, whenFalse);
            }
            case IIsPatternOperation ip:
            {
                var v = Eval(ip.Value);
                var whenTrue = _state.Clone();
                var whenFalse = _state.Clone();
                if (v.Kind == ValueKind.MapValue && IsNullPattern(ip.Pattern, out bool negated))
                    (negated ? whenTrue : whenFalse).NonNull.Add(v.Id);
                if (ip.Pattern is IConstantPatternOperation cp) Refine(v, Eval(cp.Value), whenTrue);
                return (whenTrue, whenFalse);
            }
            default:
                Eval(condition);
                return (_state, _state.Clone());
        }
    }

    /// <summary>Where a scalar equals a constant, the verifier knows it as that constant (a switch case, <c>if (x == 3)</c>).</summary>
    private static void Refine(AbstractValue l, AbstractValue r, FlowState state)
    {
        var (variable, constant) = l.IsConstant ? (r, l) : (l, r);
        if (variable.Kind != ValueKind.Scalar || variable.IsConstant || !constant.IsConstant || constant.Kind != ValueKind.Scalar) return;
        var keys = new System.Collections.Generic.List<object>();
        foreach (var kv in state.Values)
            if (kv.Value.Kind == ValueKind.Scalar && kv.Value.Id == variable.Id) keys.Add(kv.Key);
        foreach (var k in keys) state.Values[k] = constant;
    }

    /// <summary><c>p + k &gt; end</c> and its mirror images: on the side where the pointer is at most the end, its bytes are valid.</summary>
    private void ApplyBounds(IBinaryOperation b, AbstractValue l, AbstractValue r, FlowState whenTrue, FlowState whenFalse)
    {
        AbstractValue pointer, end;
        IOperation pointerOp;
        bool holdsWhenTrue, strict;
        var k = b.OperatorKind;
        if (l.Kind == ValueKind.Packet && r.Kind == ValueKind.PacketEnd)
        {
            (pointer, end, pointerOp) = (l, r, b.LeftOperand);
            // p > end, p >= end: false means p <= end (p < end). p < end, p <= end: true means it.
            holdsWhenTrue = k is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual;
            strict = k is BinaryOperatorKind.LessThan or BinaryOperatorKind.GreaterThanOrEqual;
        }
        else if (l.Kind == ValueKind.PacketEnd && r.Kind == ValueKind.Packet)
        {
            (pointer, end, pointerOp) = (r, l, b.RightOperand);
            holdsWhenTrue = k is BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual;
            strict = k is BinaryOperatorKind.GreaterThan or BinaryOperatorKind.LessThanOrEqual;
        }
        else
        {
            return;
        }
        // The verifier learns packet ranges only from JGT/JGE/JLT/JLE (try_match_pkt_pointers); p == end and p != end teach it nothing.
        if (k is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals) return;
        var state = holdsWhenTrue ? whenTrue : whenFalse;
        // p < end leaves one more byte than p <= end, as in the verifier's find_good_pkt_pointers.
        long covered = pointer.Offset - end.Offset + (strict ? 1 : 0);
        state.Widen(pointer.Id, covered);
        // The local the checked pointer was computed from also knows its bytes, whatever base a merge gave it.
        if (BaseLocal(pointerOp) is { } key && state.Values.TryGetValue(key, out var local) && local.Kind == ValueKind.Packet && local.Id == pointer.Id)
            state.Values[key] = AbstractValue.Packet(local.Id, local.Offset, System.Math.Max(local.Avail, covered - local.Offset));
    }

    private void ApplyNull(IBinaryOperation b, AbstractValue l, AbstractValue r, FlowState whenTrue, FlowState whenFalse)
    {
        AbstractValue pointer;
        if (l.Kind == ValueKind.MapValue && IsNull(b.RightOperand)) pointer = l;
        else if (r.Kind == ValueKind.MapValue && IsNull(b.LeftOperand)) pointer = r;
        else return;
        if (b.OperatorKind == BinaryOperatorKind.NotEquals) whenTrue.NonNull.Add(pointer.Id);
        else if (b.OperatorKind == BinaryOperatorKind.Equals) whenFalse.NonNull.Add(pointer.Id);
    }

    /// <summary>The local a pointer expression is computed from by casts and constant steps, if any.</summary>
    private static object? BaseLocal(IOperation op)
    {
        while (true)
        {
            switch (op)
            {
                case IParenthesizedOperation p:
                    op = p.Operand;
                    continue;
                case IConversionOperation { OperatorMethod: null } c:
                    op = c.Operand;
                    continue;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } b
                    when b.LeftOperand.Type is IPointerTypeSymbol && b.RightOperand.ConstantValue.HasValue:
                    op = b.LeftOperand;
                    continue;
                case ILocalReferenceOperation l:
                    return l.Local;
                default:
                    return null;
            }
        }
    }
}
