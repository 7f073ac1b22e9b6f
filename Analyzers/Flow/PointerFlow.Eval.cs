using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Analyzers.Flow;

internal sealed partial class PointerFlow
{
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
