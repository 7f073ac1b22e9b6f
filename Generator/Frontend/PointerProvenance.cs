using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>The memory a pointer points into, where the code shows it: the packet or a map value.</summary>
internal enum Provenance
{
    /// <summary>No pointer flows here (null only).</summary>
    None,
    /// <summary>The context's packet (<c>ctx.Data</c>, <c>ctx.DataEnd</c>, <c>ctx.DataMeta</c>, offsets and casts of them).</summary>
    Packet,
    /// <summary>A map value or ring buffer record (what <c>Lookup</c>/<c>Reserve</c> return, offsets and casts of them).</summary>
    MapValue,
    /// <summary>The stack: a fixed buffer of a local, or a local's address.</summary>
    Stack,
    /// <summary>Anything else, or more than one of the above.</summary>
    Unknown,
}

/// <summary>
/// Which pointer locals of a method only ever hold packet pointers, or only map value pointers:
/// flow-insensitive over every assignment, so a local assigned from both, from a parameter, or
/// whose address or <c>ref</c> escapes is <see cref="Provenance.Unknown"/>. The kernel keeps packet
/// memory and map memory apart, so loads and stores through the two never alias; telling LLVM so
/// (scoped alias metadata) lets it forward a map field it just stored across a store to the packet,
/// as clang's type-based aliasing lets it in C. Nothing else gets the metadata.
/// </summary>
internal sealed class PointerProvenance
{
    private readonly Dictionary<ILocalSymbol, Provenance> _locals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, int> _bounds = new(SymbolEqualityComparer.Default);

    public static PointerProvenance Find(IOperation body)
    {
        var result = new PointerProvenance();
        var sources = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        var escaped = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var moved = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var op in body.DescendantsAndSelf())
        {
            if (op is IVariableDeclaratorOperation d && d.Symbol.Type is IPointerTypeSymbol && !d.Symbol.IsRef)
            {
                if (!sources.ContainsKey(d.Symbol)) sources[d.Symbol] = new List<IOperation>();
                if ((d.Initializer ?? (d.Parent as IVariableDeclarationOperation)?.Initializer) is { } init) sources[d.Symbol].Add(init.Value);
            }
            if (op is not ILocalReferenceOperation r || r.Local.Type is not IPointerTypeSymbol) continue;
            switch (r.Parent)
            {
                case ISimpleAssignmentOperation a when !a.IsRef && a.Target == r:
                    Add(sources, r.Local, a.Value);
                    break;
                case ICompoundAssignmentOperation c when c.Target == r:
                case IIncrementOrDecrementOperation:
                    moved.Add(r.Local);
                    break; // p += n, p++: still the same memory
                case ISimpleAssignmentOperation a when !a.IsRef && a.Value == r:
                case IBinaryOperation or IConversionOperation or IParenthesizedOperation or IVariableInitializerOperation:
                case IArgumentOperation { Parameter.RefKind: RefKind.None }:
                case IReturnOperation or IConditionalOperation { IsRef: false }:
                case IFieldReferenceOperation or IPropertyReferenceOperation or IInvocationOperation:
                    break; // reads the pointer
                default:
                    if (r.Parent?.Kind == OperationKind.None) break; // *p, p[i], p->f: reads the pointer
                    escaped.Add(r.Local);
                    break;
            }
        }
        foreach (var entry in sources)
        {
            if (entry.Value.Count == 1 && !moved.Contains(entry.Key) && !escaped.Contains(entry.Key) && Bound(StripPointerCasts(entry.Value[0])) is int bound)
                result._bounds[entry.Key] = bound;
        }
        foreach (var local in sources.Keys) result._locals[local] = Provenance.None;
        foreach (var local in escaped) result._locals[local] = Provenance.Unknown;
        // Joins only climb None -> Packet/MapValue -> Unknown, so this ends.
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var entry in sources)
            {
                ILocalSymbol local = entry.Key;
                List<IOperation> values = entry.Value;
                if (escaped.Contains(local)) continue;
                Provenance p = Provenance.None;
                foreach (var v in values) p = Join(p, result.Of(v));
                if (p != result._locals[local])
                {
                    result._locals[local] = p;
                    changed = true;
                }
            }
        }
        return result;
    }

    private static void Add(Dictionary<ILocalSymbol, List<IOperation>> sources, ILocalSymbol local, IOperation value)
    {
        if (!sources.TryGetValue(local, out var list)) sources[local] = list = new List<IOperation>();
        list.Add(value);
    }

    private static Provenance Join(Provenance a, Provenance b) => a == Provenance.None ? b : b == Provenance.None || a == b ? a : Provenance.Unknown;

    /// <summary>
    /// Which edge of the packet <paramref name="op"/> is, read straight from the context or from a
    /// local assigned once from it and never moved: 0 for <c>DataMeta</c>, 1 for <c>Data</c>, 2 for
    /// <c>DataEnd</c>; null for anything else. The kernel keeps <c>DataMeta &lt;= Data &lt;= DataEnd</c>
    /// (the test contexts too), so a difference of a higher edge and a lower one is never negative:
    /// a typed pointer difference then divides unsigned, as C's <c>(end - data) / size</c> does. An
    /// edge read before a helper moved the packet is no longer a packet pointer to the verifier,
    /// which rejects subtracting it from a fresh one.
    /// </summary>
    public int? Edge(IOperation op)
    {
        op = StripPointerCasts(op);
        return op is ILocalReferenceOperation l ? (_bounds.TryGetValue(l.Local, out int b) ? b : null) : Bound(op);
    }

    /// <summary>The edge <paramref name="op"/> reads from the context, its pointer casts already stripped.</summary>
    private static int? Bound(IOperation op)
    {
        if (op is not IPropertyReferenceOperation prop || prop.Type is not IPointerTypeSymbol || !TypeLayout.IsContext(prop.Property.ContainingType)) return null;
        return prop.Property.Name switch { "DataMeta" => 0, "Data" => 1, "DataEnd" => 2, _ => null };
    }

    private static IOperation StripPointerCasts(IOperation op)
    {
        while (true)
        {
            if (op is IParenthesizedOperation p) op = p.Operand;
            else if (op is IConversionOperation { OperatorMethod: null } c && c.Operand.Type is IPointerTypeSymbol) op = c.Operand;
            else return op;
        }
    }

    /// <summary>Where the pointer value of <paramref name="op"/> points.</summary>
    public Provenance Of(IOperation op)
    {
        switch (op)
        {
            case IParenthesizedOperation p:
                return Of(p.Operand);
            case IConversionOperation c when c.OperatorMethod == null:
                if (c.Operand.ConstantValue is { HasValue: true, Value: null }) return Provenance.None;
                return c.Operand.Type is IPointerTypeSymbol ? Of(c.Operand) : Provenance.Unknown;
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }:
                return Provenance.None;
            case ILocalReferenceOperation l:
                return _locals.TryGetValue(l.Local, out var p2) ? p2 : Provenance.Unknown;
            case IPropertyReferenceOperation prop when prop.Type is IPointerTypeSymbol && TypeLayout.IsContext(prop.Property.ContainingType):
                return Provenance.Packet;
            case IInvocationOperation inv when inv.TargetMethod.Name is "Lookup" or "Reserve" && BpfSymbols.IsMapType(inv.TargetMethod.ContainingType):
                return Provenance.MapValue;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract, OperatorMethod: null } b when b.LeftOperand.Type is IPointerTypeSymbol && b.RightOperand.Type is not IPointerTypeSymbol:
                return Of(b.LeftOperand);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null } b when b.RightOperand.Type is IPointerTypeSymbol:
                return Of(b.RightOperand);
            case IConditionalOperation { IsRef: false, WhenFalse: { } f } c:
                return Join(Of(c.WhenTrue), Of(f));
            case IFieldReferenceOperation { Field.IsFixedSizeBuffer: true, Instance: ILocalReferenceOperation { Local.IsRef: false } }:
            case IAddressOfOperation { Reference: ILocalReferenceOperation { Local.IsRef: false } }:
                return Provenance.Stack;
            default:
                return Provenance.Unknown;
        }
    }
}
