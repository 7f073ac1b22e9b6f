using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Analyzers.Flow;

internal sealed partial class PointerFlow
{
    /// <summary>Helpers that can move packet data: every packet pointer checked before them is void after.</summary>
    private static readonly HashSet<string> s_packetMovers = new()
    {
        "AdjustHead", "AdjustTail", "AdjustMeta", "StoreBytes", "L3CsumReplace", "L4CsumReplace", "ChangeType", "ChangeTail", "PullData",
    };

    private AbstractValue Eval(IOperation? op)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (op == null) return AbstractValue.Unknown;
        if (op.ConstantValue.HasValue) return ConstantOf(op);
        switch (op)
        {
            case IParenthesizedOperation p:
                return Eval(p.Operand);
            case ISizeOfOperation s:
            {
                long size = _sizes.SizeOf(s.TypeOperand);
                return AbstractValue.Constant(Number("c:" + size.ToString(CultureInfo.InvariantCulture)), size);
            }
            case IConversionOperation c:
                return Convert(c);
            case ILocalReferenceOperation l:
                return l.IsDeclaration ? AbstractValue.Unknown : Get(l.Local, l.Local.Type);
            case IParameterReferenceOperation p:
                return Get(p.Parameter, p.Parameter.Type);
            case IFlowCaptureReferenceOperation r:
                return Get(r.Id, r.Type);
            case IFlowCaptureOperation fc:
            {
                var v = Eval(fc.Value);
                _state.Values[fc.Id] = v;
                return v;
            }
            case IPropertyReferenceOperation pr:
                return Property(pr);
            case IFieldReferenceOperation f:
                return Field(f);
            case IAddressOfOperation a:
                return AddressOf(a.Reference).Address;
            case ISimpleAssignmentOperation a:
                return Assign(a);
            case ICompoundAssignmentOperation ca:
                return CompoundAssign(ca);
            case IIncrementOrDecrementOperation inc:
                return Increment(inc);
            case IBinaryOperation b:
                return Binary(b);
            case IUnaryOperation u:
            {
                var v = Eval(u.Operand);
                return v.Kind == ValueKind.Scalar ? AbstractValue.Scalar(Number("un:" + u.OperatorKind + ":" + v.Id), v.Opaque) : Site(u);
            }
            case IInvocationOperation inv:
                return Invoke(inv);
            case IIsPatternOperation ip:
                if (Eval(ip.Value).Kind == ValueKind.MapValue && IsNullPattern(ip.Pattern, out _)) _nullImprecise = true;
                return Site(ip);
        }
        if (IsDeref(op, out var pointer))
        {
            var place = Deref(op, pointer);
            Access(place, _sizes.SizeOf(op.Type), op);
            return Read(place, op);
        }
        if (IsElementAccess(op, out var basePointer, out var index))
        {
            var place = Element(op, basePointer, index);
            Access(place, _sizes.SizeOf(op.Type), op);
            return Read(place, op);
        }
        foreach (var child in op.ChildOperations) Eval(child);
        return Site(op);
    }

    private AbstractValue ConstantOf(IOperation op)
    {
        object? v = op.ConstantValue.Value;
        long n;
        switch (v)
        {
            case bool b: n = b ? 1 : 0; break;
            case char ch: n = ch; break;
            case ulong u: n = unchecked((long)u); break;
            case float or double or decimal or string or null: return AbstractValue.Unknown;
            default:
                try
                {
                    n = System.Convert.ToInt64(v, CultureInfo.InvariantCulture);
                }
                catch (System.Exception e) when (e is System.InvalidCastException or System.OverflowException or System.FormatException)
                {
                    return AbstractValue.Unknown;
                }
                break;
        }
        return AbstractValue.Constant(Number("c:" + n.ToString(CultureInfo.InvariantCulture)), n);
    }

    /// <summary>A value nothing is known about beyond its identity: integers get the number of the operation that made them.</summary>
    private AbstractValue Site(IOperation op)
        => IsScalar(op.Type) ? AbstractValue.Scalar(Number("site:" + op.Syntax.SpanStart + ":" + op.Syntax.Span.Length + ":" + (int)op.Kind)) : AbstractValue.Unknown;

    /// <summary>A scalar the verifier cannot know (see <see cref="AbstractValue.Opaque"/>).</summary>
    private AbstractValue Loaded(IOperation op)
        => IsScalar(op.Type) ? AbstractValue.Scalar(Number("load:" + op.Syntax.SpanStart + ":" + op.Syntax.Span.Length + ":" + (int)op.Kind), opaque: true) : AbstractValue.Unknown;

    /// <summary>The value read from <paramref name="place"/>: opaque when it is packet or map memory.</summary>
    private AbstractValue Read(Place place, IOperation op)
        => place.Address.Kind is ValueKind.Packet or ValueKind.MapValue || place.Alternative.Kind == ValueKind.Packet ? Loaded(op) : Site(op);

    private static bool IsScalar(ITypeSymbol? t)
    {
        if (t is INamedTypeSymbol { TypeKind: TypeKind.Enum }) return true;
        return t?.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;
    }

    private AbstractValue Get(object key, ITypeSymbol? type)
    {
        if (_state.Values.TryGetValue(key, out var v)) return v;
        if (!IsScalar(type)) return AbstractValue.Unknown;
        string name = key is ISymbol s ? s.Name + "@" + (s.Locations.Length > 0 ? s.Locations[0].SourceSpan.Start : 0) : key.GetHashCode().ToString(CultureInfo.InvariantCulture);
        return AbstractValue.Scalar(Number("initial:" + name));
    }

    private void Set(object key, ITypeSymbol? type, AbstractValue value, IOperation site)
    {
        if (IsScalar(type) && value.Kind != ValueKind.Scalar) value = AbstractValue.Scalar(Number("def:" + site.Syntax.SpanStart + ":" + site.Syntax.Span.Length));
        _state.Values[key] = value;
    }

    private AbstractValue Convert(IConversionOperation c)
    {
        var v = Eval(c.Operand);
        if (c.OperatorMethod != null) return Site(c);
        if (c.Type is IPointerTypeSymbol) return v.Kind is ValueKind.Packet or ValueKind.PacketEnd or ValueKind.MapValue ? v : AbstractValue.Unknown;
        if (IsScalar(c.Type)) return v.Kind == ValueKind.Scalar ? v : Site(c);
        return AbstractValue.Unknown;
    }

    private AbstractValue Property(IPropertyReferenceOperation pr)
    {
        if (_known.IsContext(pr.Property.ContainingType))
        {
            Eval(pr.Instance);
            return pr.Property.Name switch
            {
                "Data" => AbstractValue.Packet(_root, 0, 0),
                "DataEnd" => AbstractValue.End(0),
                _ => Loaded(pr),
            };
        }
        if (pr.Instance is { Type.IsValueType: true } instance) Access(PlaceOf(instance), 1, instance);
        else Eval(pr.Instance);
        foreach (var a in pr.Arguments) Argument(a);
        return Site(pr);
    }

    private AbstractValue Field(IFieldReferenceOperation f)
    {
        if (f.Field.IsStatic || f.Instance == null)
            return IsScalar(f.Type) ? AbstractValue.Scalar(Number("static:" + f.Field.ToDisplayString())) : AbstractValue.Unknown;
        var place = FieldPlace(f);
        if (f.Field.IsFixedSizeBuffer) return place.Address;
        Access(place, _sizes.SizeOf(f.Type), f);
        return Read(place, f);
    }

    private Place AddressOf(IOperation reference)
    {
        if (Strip(reference) is ILocalReferenceOperation or IParameterReferenceOperation)
        {
            Escape(Strip(reference), reference);
            return default;
        }
        return PlaceOf(reference);
    }

    /// <summary>A local whose address is taken or passed by reference may change behind the analysis's back.</summary>
    private void Escape(IOperation local, IOperation site)
    {
        switch (local)
        {
            case ILocalReferenceOperation l:
                Set(l.Local, l.Local.Type, AbstractValue.Unknown, site);
                break;
            case IParameterReferenceOperation p:
                Set(p.Parameter, p.Parameter.Type, AbstractValue.Unknown, site);
                break;
        }
    }

    private AbstractValue Assign(ISimpleAssignmentOperation a)
    {
        switch (a.Target)
        {
            case ILocalReferenceOperation l:
            {
                var v = a.IsRef ? AbstractValue.Unknown : Eval(a.Value);
                Set(l.Local, l.Local.Type, v, a);
                return v;
            }
            case IParameterReferenceOperation p:
            {
                var v = a.IsRef ? AbstractValue.Unknown : Eval(a.Value);
                Set(p.Parameter, p.Parameter.Type, v, a);
                return v;
            }
            case IPropertyReferenceOperation pr:
                if (pr.Instance is { Type.IsValueType: true } instance && !_known.IsContext(instance.Type)) Access(PlaceOf(instance), 1, instance);
                else Eval(pr.Instance);
                return Eval(a.Value);
            default:
            {
                var place = PlaceOf(a.Target);
                Access(place, _sizes.SizeOf(a.Target.Type), a.Target);
                return Eval(a.Value);
            }
        }
    }

    private AbstractValue CompoundAssign(ICompoundAssignmentOperation ca)
    {
        if (Strip(ca.Target) is ILocalReferenceOperation or IParameterReferenceOperation)
        {
            var target = Strip(ca.Target);
            var old = Eval(target);
            var v = Arith(ca.OperatorKind, old, Eval(ca.Value), ca, target.Type);
            SetTarget(target, v, ca);
            return v;
        }
        var place = PlaceOf(ca.Target);
        Eval(ca.Value);
        Access(place, _sizes.SizeOf(ca.Target.Type), ca.Target);
        return Site(ca);
    }

    private AbstractValue Increment(IIncrementOrDecrementOperation inc)
    {
        var target = Strip(inc.Target);
        if (target is ILocalReferenceOperation or IParameterReferenceOperation)
        {
            var old = Eval(target);
            var one = AbstractValue.Constant(Number("c:1"), 1);
            var v = Arith(inc.Kind == OperationKind.Increment ? BinaryOperatorKind.Add : BinaryOperatorKind.Subtract, old, one, inc, target.Type);
            SetTarget(target, v, inc);
            return inc.IsPostfix ? old : v;
        }
        var place = PlaceOf(inc.Target);
        Access(place, _sizes.SizeOf(inc.Target.Type), inc.Target);
        return Site(inc);
    }

    private void SetTarget(IOperation target, AbstractValue v, IOperation site)
    {
        if (target is ILocalReferenceOperation l) Set(l.Local, l.Local.Type, v, site);
        else if (target is IParameterReferenceOperation p) Set(p.Parameter, p.Parameter.Type, v, site);
    }

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

    private AbstractValue Invoke(IInvocationOperation inv)
    {
        IMethodSymbol m = inv.TargetMethod;
        if (inv.Instance is { Type.IsValueType: true } instance && !_known.IsContext(instance.Type)) Access(PlaceOf(instance), 1, instance);
        else Eval(inv.Instance);
        var args = new List<AbstractValue>(inv.Arguments.Length);
        foreach (var a in inv.Arguments) args.Add(Argument(a));
        if (_known.IsMapType(m.ContainingType) && m.ReturnType is IPointerTypeSymbol)
        {
            int id = Number("lookup:" + inv.Syntax.SpanStart + ":" + inv.Syntax.Span.Length);
            _state.NonNull.Remove(id);
            return AbstractValue.Map(id);
        }
        if (s_packetMovers.Contains(m.Name) && (_known.IsContext(m.ContainingType) || _known.IsHelpers(m.ContainingType)))
        {
            InvalidatePacket();
        }
        else if (_graph.Find(m) is { ComparesPointers: true })
        {
            // A user method handed packet pointers (or the context) that compares pointers may check them: trust what it was given.
            for (int i = 0; i < args.Count; i++)
            {
                if (args[i].Kind == ValueKind.Packet) _state.Ranges[args[i].Id] = FlowState.Trusted;
                if (inv.Arguments[i].Value.Type is { } t && _known.IsContext(t)) _state.Ranges[_root] = FlowState.Trusted;
            }
        }
        if (_known.IsHelpers(m.ContainingType)) return Loaded(inv);
        if (m.Name is "Htons" or "Ntohs" or "Htonl" or "Ntohl" or "ReverseEndianness" && args.Count == 1 && args[0] is { Kind: ValueKind.Scalar, Opaque: true })
            return Loaded(inv);
        return Site(inv);
    }

    private AbstractValue Argument(IArgumentOperation a)
    {
        RefKind kind = a.Parameter?.RefKind ?? RefKind.None;
        if (kind == RefKind.None) return Eval(a.Value);
        var value = a.Value is IDeclarationExpressionOperation d ? d.Expression : a.Value;
        var target = Strip(value);
        if (target is ILocalReferenceOperation or IParameterReferenceOperation)
        {
            if (kind != RefKind.In) Escape(target, a);
            return AbstractValue.Unknown;
        }
        Access(PlaceOf(value), _sizes.SizeOf(value.Type), value);
        return AbstractValue.Unknown;
    }

    private void InvalidatePacket()
    {
        _state.Ranges.Clear();
        var keys = new List<object>(_state.Values.Keys);
        foreach (var k in keys)
            if (_state.Values[k] is { Kind: ValueKind.Packet } v) _state.Values[k] = AbstractValue.Packet(v.Id, v.Offset, 0);
    }

    private static IOperation Strip(IOperation op)
    {
        while (true)
        {
            switch (op)
            {
                case IParenthesizedOperation p:
                    op = p.Operand;
                    continue;
                case IConversionOperation { OperatorMethod: null } c when c.Type is IPointerTypeSymbol && c.Operand.Type is IPointerTypeSymbol:
                    op = c.Operand;
                    continue;
                default:
                    return op;
            }
        }
    }

    private static bool IsNull(IOperation op)
    {
        while (op is IConversionOperation c) op = c.Operand;
        return (op.ConstantValue.HasValue && op.ConstantValue.Value == null) || op is IDefaultValueOperation;
    }

    private static bool IsNullPattern(IPatternOperation pattern, out bool negated)
    {
        negated = false;
        if (pattern is INegatedPatternOperation n)
        {
            negated = true;
            pattern = n.Pattern;
        }
        return pattern is IConstantPatternOperation cp && IsNull(cp.Value);
    }
}
