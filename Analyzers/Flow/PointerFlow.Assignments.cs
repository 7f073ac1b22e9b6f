using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Analyzers.Flow;

internal sealed partial class PointerFlow
{
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
}
