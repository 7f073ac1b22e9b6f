using System.Collections.Generic;
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
        var leaves = new List<(IOperation Target, IOperation Value)>();
        Pair(da.Target, da.Value, leaves, da);
        var places = new Place?[leaves.Count];
        for (int i = 0; i < leaves.Count; i++)
            places[i] = Unwrap(leaves[i].Target) is IDiscardOperation ? null : EmitPlace(Unwrap(leaves[i].Target));
        var values = new LValue[leaves.Count];
        for (int i = 0; i < leaves.Count; i++)
        {
            ITypeSymbol t = Subst(leaves[i].Target.Type!);
            if (TypeLayout.IsStruct(t))
            {
                values[i] = NewTemp(t);
                EmitStructInto(leaves[i].Value, values[i], fresh: true);
            }
            else values[i] = EmitValueAs(leaves[i].Value, t);
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

    private void Pair(IOperation target, IOperation value, List<(IOperation, IOperation)> leaves, IOperation where)
    {
        IOperation t = Unwrap(target), v = Unwrap(value);
        if (t is ITupleOperation tt)
        {
            if (v is not ITupleOperation vt || vt.Elements.Length != tt.Elements.Length)
                throw NotSupported(where, "Deconstructing a value that is not a tuple literal");
            for (int i = 0; i < tt.Elements.Length; i++) Pair(tt.Elements[i], vt.Elements[i], leaves, where);
            return;
        }
        // A leaf keeps the conversion Roslyn put on the value (e.g. byte to int).
        leaves.Add((t, value is IConversionOperation { Operand: ITupleOperation } ? v : value));
    }
}
