using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Analyzers.Flow;

/// <summary>Lvalues: where a read or write lands, whether the facts cover it, and what to report when not.</summary>
internal sealed partial class PointerFlow
{
    /// <summary>
    /// Where an lvalue lives: its address, and the pointer expression it was reached through with
    /// the constant byte offset from it (what the bounds-check fix compares with <c>DataEnd</c>).
    /// </summary>
    private readonly struct Place
    {
        public Place(AbstractValue address, IOperation? root, long offset, AbstractValue alternative = default)
        {
            Address = address;
            Root = root;
            Offset = offset;
            Alternative = alternative;
        }

        public AbstractValue Address { get; }
        public IOperation? Root { get; }
        public long Offset { get; }

        /// <summary>For <c>p[i]</c>: the same address as <c>p + i</c>, whose own check also covers the access.</summary>
        public AbstractValue Alternative { get; }

        public Place Shift(long bytes) => new(Moved(Address, bytes), Root, Offset + bytes, Moved(Alternative, bytes));

        private static AbstractValue Moved(AbstractValue a, long bytes)
            => a.Kind == ValueKind.Packet ? AbstractValue.Packet(a.Id, a.Offset + bytes, a.Avail - bytes) : a;
    }

    private Place PlaceOf(IOperation op)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (op)
        {
            case IParenthesizedOperation p:
                return PlaceOf(p.Operand);
            case IFieldReferenceOperation { Field.IsStatic: false, Instance: not null } f:
                return FieldPlace(f);
            case ILocalReferenceOperation or IParameterReferenceOperation:
                return default;
        }
        if (IsDeref(op, out var pointer)) return Deref(op, pointer);
        if (IsElementAccess(op, out var basePointer, out var index)) return Element(op, basePointer, index);
        Eval(op);
        return default;
    }

    private Place FieldPlace(IFieldReferenceOperation f)
    {
        var owner = PlaceOf(f.Instance!);
        return _sizes.FieldOffset(f.Field) is int offset ? owner.Shift(offset) : default;
    }

    private Place Deref(IOperation op, IOperation pointer)
    {
        var place = PointerPlace(pointer);
        var site = op.Syntax is PrefixUnaryExpressionSyntax || op.Parent == null ? op.Syntax : op.Parent.Syntax;
        CheckMap(place, site);
        return place;
    }

    private Place Element(IOperation op, IOperation pointer, IOperation index)
    {
        var place = PointerPlace(pointer);
        CheckMap(place, op.Syntax);
        var i = Eval(index);
        int size = _sizes.SizeOf(op.Type);
        if (i.IsConstant) return place.Shift(i.Offset * size);
        // An unknown index counts as 0 (LLVM unrolls small constant loops, so the verifier often sees
        // constants), or as p + i, which a check of its own may cover.
        var indexed = place.Address.Kind == ValueKind.Packet ? Offset(place.Address, i, 1, size, op) : AbstractValue.Unknown;
        // An index the verifier cannot know either (read from memory, a helper's result) gives a
        // variable-offset pointer: only a check of that computed pointer against DataEnd covers it.
        if (i.Opaque && indexed.Kind == ValueKind.Packet) return new Place(indexed, null, 0);
        return new Place(place.Address, place.Root, place.Offset, indexed);
    }

    /// <summary>The place a pointer expression points at; a fixed buffer is its own address, not a load.</summary>
    private Place PointerPlace(IOperation pointer)
    {
        var p = pointer;
        while (p is IParenthesizedOperation par) p = par.Operand;
        if (p is IFieldReferenceOperation { Field.IsFixedSizeBuffer: true, Instance: not null } f) return FieldPlace(f);
        return new Place(Eval(pointer), pointer, 0);
    }

    private static bool IsDeref(IOperation op, out IOperation pointer)
    {
        pointer = null!;
        if (op.Kind != OperationKind.None) return false;
        IOperation? only = null;
        int count = 0;
        foreach (var child in op.ChildOperations)
        {
            only = child;
            count++;
        }
        if (count != 1 || only?.Type is not IPointerTypeSymbol pt || !SymbolEqualityComparer.Default.Equals(pt.PointedAtType, op.Type)) return false;
        pointer = only;
        return true;
    }

    private static bool IsElementAccess(IOperation op, out IOperation pointer, out IOperation index)
    {
        pointer = index = null!;
        if (op.Kind != OperationKind.None || !op.Syntax.IsKind(SyntaxKind.ElementAccessExpression)) return false;
        var children = new List<IOperation>(op.ChildOperations);
        if (children.Count != 2 || children[0].Type is not IPointerTypeSymbol) return false;
        pointer = children[0];
        index = children[1];
        return true;
    }

    /// <summary>Checks one read or write of <paramref name="size"/> bytes at <paramref name="place"/>.</summary>
    private void Access(Place place, int size, IOperation site)
    {
        var a = place.Address;
        if (a.Kind != ValueKind.Packet || size <= 0) return;
        long need = a.Offset + size;
        if (Covered(a, size) || Covered(place.Alternative, size)) return;
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (CheckText(place, size) is { } check && EndText() is { } end)
            properties = properties.Add(CheckProperty, check).Add(EndProperty, end);
        Report(_packetReports, PacketBounds, site.Syntax.GetLocation(), properties, site.Syntax.ToString());
        // The verifier stops at the first bad access; so does the report, for this range.
        _state.Widen(a.Id, need);
    }

    private bool Covered(AbstractValue a, int size)
        => a.Kind == ValueKind.Packet && (a.Offset + size <= _state.RangeOf(a.Id) || size <= a.Avail);

    private void CheckMap(Place place, SyntaxNode site)
    {
        var a = place.Address;
        if (a.Kind != ValueKind.MapValue || _state.NonNull.Contains(a.Id)) return;
        var root = place.Root;
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (root != null && Strip(root) is ILocalReferenceOperation local) properties = properties.Add(PointerProperty, local.Local.Name);
        Report(_nullReports, NullCheck, site.GetLocation(), properties, root?.Syntax.ToString() ?? site.ToString());
        _state.NonNull.Add(a.Id);
    }

    /// <summary>The left side of the missing check: the pointer the access goes through, advanced past the bytes it needs.</summary>
    private string? CheckText(Place place, int size)
    {
        if (place.Root is not { Type: IPointerTypeSymbol pointerType } root) return null;
        long need = place.Offset + size;
        if (need <= 0) return null;
        int element = _sizes.ElementSize(pointerType);
        string text = root.Syntax is BinaryExpressionSyntax or ConditionalExpressionSyntax or AssignmentExpressionSyntax
            ? "(" + root.Syntax + ")"
            : root.Syntax.ToString();
        if (need <= element) return text + " + 1";
        if (need % element == 0) return text + " + " + (need / element).ToString(CultureInfo.InvariantCulture);
        return "(byte*)" + text + " + " + need.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>How the code at hand names <c>DataEnd</c>: a local holding it, else the context parameter's property.</summary>
    private string? EndText()
    {
        string? best = null;
        foreach (var kv in _state.Values)
            if (kv.Key is ILocalSymbol l && kv.Value is { Kind: ValueKind.PacketEnd, Offset: 0 } && (best == null || string.CompareOrdinal(l.Name, best) < 0))
                best = l.Name;
        if (best != null) return best;
        foreach (var p in _method.Parameters)
            if (_known.IsContext(p.Type)) return p.Name + ".DataEnd";
        return null;
    }
}
