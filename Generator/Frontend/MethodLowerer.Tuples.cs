using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

internal sealed partial class MethodLowerer
{
    /// <summary>
    /// <c>(a, b) = (b, a)</c> and <c>var (x, y) = (p, q)</c> with a tuple literal on the right, in C#'s
    /// order: the targets' places left to right, then every value, then the stores — so a swap swaps.
    /// Tuples exist only as syntax here; a tuple value that would need storage is rejected.
    /// </summary>
    private void EmitDeconstruction(IDeconstructionAssignmentOperation da)
    {
        var leaves = new List<(IOperation Target, IOperation? Value, LValue Stored)>();
        Pair(da.Target, da.Value, leaves, da);
        var places = new Place?[leaves.Count];
        for (int i = 0; i < leaves.Count; i++)
            places[i] = Unwrap(leaves[i].Target) is IDiscardOperation ? null : EmitPlace(Unwrap(leaves[i].Target));
        var values = new LValue[leaves.Count];
        for (int i = 0; i < leaves.Count; i++)
        {
            ITypeSymbol t = Subst(leaves[i].Target.Type!);
            if (leaves[i].Value is not { } value) values[i] = TypeLayout.IsStruct(t) ? leaves[i].Stored : Load(leaves[i].Stored, t);
            else if (TypeLayout.IsStruct(t))
            {
                values[i] = NewTemp(t);
                EmitStructInto(value, values[i], fresh: true);
            }
            else values[i] = EmitValueAs(value, t);
        }
        for (int i = 0; i < leaves.Count; i++)
        {
            if (places[i] is not { } place) continue;
            if (TypeLayout.IsStruct(place.Type))
            {
                Layout l = Layout.Of(place.Type);
                if (place.Kind == PlaceKind.Memory) _fb.Memcpy(place.Address, values[i], l.Size, System.Math.Min(l.Align, place.Align));
                else StorePlace(place, values[i], da);
            }
            else StorePlace(place, values[i], da);
        }
    }

    private static IOperation Unwrap(IOperation op)
    {
        while (true)
        {
            switch (op)
            {
                case IDeclarationExpressionOperation d: op = d.Expression; continue;
                case IParenthesizedOperation p: op = p.Operand; continue;
                case IConversionOperation { OperatorMethod: null } c when c.Operand is ITupleOperation or IConversionOperation or IParenthesizedOperation: op = c.Operand; continue;
            }
            return op;
        }
    }

    private void Pair(IOperation target, IOperation value, List<(IOperation, IOperation?, LValue)> leaves, IOperation where)
    {
        IOperation t = Unwrap(target), v = Unwrap(value);
        if (t is not ITupleOperation tt)
        {
            // A leaf keeps the conversion Roslyn put on the value (e.g. byte to int).
            leaves.Add((t, value is IConversionOperation { Operand: ITupleOperation } ? v : value, default));
            return;
        }
        if (v is ITupleOperation vt && vt.Elements.Length == tt.Elements.Length)
        {
            for (int i = 0; i < tt.Elements.Length; i++) Pair(tt.Elements[i], vt.Elements[i], leaves, where);
            return;
        }
        // A tuple value (a call's result, a tuple local): its element fields, read from one copy.
        ITypeSymbol vtype = Subst(v.Type!);
        if (vtype is INamedTypeSymbol { IsTupleType: true } tuple && tuple.TupleElements.Length == tt.Elements.Length)
        {
            LValue copy = EmitAddress(v);
            for (int i = 0; i < tt.Elements.Length; i++)
                PairStored(tt.Elements[i], _fb.Gep(copy, Layout.FieldOffset(tuple.TupleElements[i], Loc(v))), leaves, where);
            return;
        }
        // A positional record struct: its compiler-made Deconstruct reads the positional properties.
        if (vtype is INamedTypeSymbol { IsRecord: true } record && PositionalFields(record) is { } fields && fields.Count == tt.Elements.Length)
        {
            LValue copy = EmitAddress(v);
            for (int i = 0; i < fields.Count; i++)
                PairStored(tt.Elements[i], _fb.Gep(copy, Layout.FieldOffset(fields[i], Loc(v))), leaves, where);
            return;
        }
        throw NotSupported(where, "Deconstructing a '" + vtype.ToDisplayString() + "'");
    }

    private void PairStored(IOperation target, LValue stored, List<(IOperation, IOperation?, LValue)> leaves, IOperation where)
    {
        IOperation t = Unwrap(target);
        if (t is ITupleOperation) throw NotSupported(where, "A nested deconstruction of a tuple value");
        leaves.Add((t, null, stored));
    }

    /// <summary>The backing fields of a record struct's positional properties, in order; null when it has none.</summary>
    private static List<IFieldSymbol>? PositionalFields(INamedTypeSymbol record)
    {
        var ctor = record.InstanceConstructors.FirstOrDefault(c => c.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax));
        if (ctor == null) return null;
        var fields = new List<IFieldSymbol>();
        foreach (var p in ctor.Parameters)
        {
            var prop = record.GetMembers(p.Name).OfType<IPropertySymbol>().FirstOrDefault();
            if (prop == null || BackingField(prop) is not { } backing) return null;
            fields.Add(record.GetMembers(backing.Name).OfType<IFieldSymbol>().First());
        }
        return fields;
    }

    /// <summary>
    /// A tuple literal as a value: each element stored into its ValueTuple field. Tuples never leave
    /// BPF code (they cannot be map keys, values or pointees), so their layout is ours to choose.
    /// </summary>
    private void EmitTupleInto(ITupleOperation tuple, LValue dest)
    {
        var type = (INamedTypeSymbol)Subst(tuple.Type!);
        if (type.TupleElements.Length != tuple.Elements.Length || tuple.Elements.Length > 7)
            throw NotSupported(tuple, "A tuple of more than seven elements");
        Layout l = Layout.Of(type, Loc(tuple));
        _fb.Memset(dest, l.Size, l.Align);
        for (int i = 0; i < tuple.Elements.Length; i++)
        {
            IFieldSymbol f = type.TupleElements[i];
            ITypeSymbol ft = Subst(f.Type);
            LValue at = _fb.Gep(dest, Layout.FieldOffset(f, Loc(tuple)));
            if (TypeLayout.IsStruct(ft)) EmitStructInto(tuple.Elements[i], at, fresh: false);
            else Store(EmitValueAs(tuple.Elements[i], ft), at, ft, Layout.Of(ft).Align);
        }
    }
}
