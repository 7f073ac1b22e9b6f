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
}
