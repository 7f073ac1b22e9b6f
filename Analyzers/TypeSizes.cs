using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Analyzers;

/// <summary>
/// Sizes of C# types in BPF memory, laid out as a C compiler would on bpfel: scalars by width,
/// pointers and contexts 8 bytes, structs sequential with natural alignment (<c>Pack</c>,
/// <c>FieldOffset</c> and <c>Size</c> honoured), fixed buffers N elements. The analyzers need
/// sizes for stack estimates and packet access ranges; they never need the generator's IR types.
/// </summary>
internal sealed class TypeSizes
{
    private readonly ConcurrentDictionary<ITypeSymbol, (int Size, int Align)> _structs = new(SymbolEqualityComparer.Default);
    private readonly KnownSymbols _known;

    public TypeSizes(KnownSymbols known) => _known = known;

    /// <summary>The size in bytes; 8 for anything that is not an unmanaged value (it cannot live in BPF memory anyway).</summary>
    public int SizeOf(ITypeSymbol? t) => t == null ? 8 : Layout(t, 0).Size;

    /// <summary>The size of one element a pointer of type <paramref name="pointer"/> steps over.</summary>
    public int ElementSize(ITypeSymbol? pointer)
        => pointer is IPointerTypeSymbol p ? (p.PointedAtType.SpecialType == SpecialType.System_Void ? 1 : SizeOf(p.PointedAtType)) : 1;

    /// <summary>The offset of an instance field inside its struct, or null when it cannot be computed.</summary>
    public int? FieldOffset(IFieldSymbol field)
    {
        if (field.ContainingType is not { TypeKind: TypeKind.Struct } owner) return null;
        if (Explicit(owner)) return ExplicitOffset(field);
        int pack = Pack(owner), offset = 0;
        foreach (var member in owner.GetMembers())
        {
            if (member is not IFieldSymbol f || f.IsStatic || f.IsConst) continue;
            var (size, align) = FieldLayout(f, 1);
            int a = pack > 0 ? Math.Min(pack, align) : align;
            offset = (offset + a - 1) / a * a;
            if (SymbolEqualityComparer.Default.Equals(f.OriginalDefinition, field.OriginalDefinition)) return offset;
            offset += size;
        }
        return null;
    }

    private (int Size, int Align) Layout(ITypeSymbol t, int depth)
    {
        if (t is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } u }) t = u;
        switch (t.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte: return (1, 1);
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Char: return (2, 2);
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Single: return (4, 4);
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_Double: return (8, 8);
        }
        if (t.TypeKind != TypeKind.Struct || t.SpecialType != SpecialType.None || _known.IsContext(t) || depth > 16) return (8, 8);
        return _structs.GetOrAdd(t, s => StructLayout((INamedTypeSymbol)s, depth));
    }

    private (int Size, int Align) FieldLayout(IFieldSymbol f, int depth)
    {
        if (f.IsFixedSizeBuffer && f.Type is IPointerTypeSymbol p)
        {
            var e = Layout(p.PointedAtType, depth + 1);
            return (e.Size * f.FixedSize, e.Align);
        }
        return Layout(f.Type, depth + 1);
    }

    private (int Size, int Align) StructLayout(INamedTypeSymbol t, int depth)
    {
        bool isExplicit = Explicit(t);
        int pack = Pack(t), offset = 0, align = 1, end = 0;
        foreach (var member in t.GetMembers())
        {
            if (member is not IFieldSymbol f || f.IsStatic || f.IsConst) continue;
            var (size, fieldAlign) = FieldLayout(f, depth);
            int a = pack > 0 ? Math.Min(pack, fieldAlign) : fieldAlign;
            int at;
            if (isExplicit)
            {
                at = ExplicitOffset(f) ?? 0;
            }
            else
            {
                at = (offset + a - 1) / a * a;
                offset = at + size;
            }
            align = Math.Max(align, a);
            end = Math.Max(end, at + size);
        }
        int total = Math.Max(1, (end + align - 1) / align * align);
        return (Math.Max(total, DeclaredSize(t)), align);
    }

    private static AttributeData? StructLayoutAttribute(INamedTypeSymbol t)
    {
        foreach (var a in t.GetAttributes())
            if (a.AttributeClass?.Name == "StructLayoutAttribute") return a;
        return null;
    }

    private static bool Explicit(INamedTypeSymbol t)
        => StructLayoutAttribute(t) is { ConstructorArguments.Length: > 0 } a && a.ConstructorArguments[0].Value is int kind && kind == 2;

    private static int Named(INamedTypeSymbol t, string name)
    {
        if (StructLayoutAttribute(t) is not { } a) return 0;
        foreach (var na in a.NamedArguments)
            if (na.Key == name && na.Value.Value is int v) return v;
        return 0;
    }

    private static int Pack(INamedTypeSymbol t) => Named(t, "Pack");

    private static int DeclaredSize(INamedTypeSymbol t) => Named(t, "Size");

    private static int? ExplicitOffset(IFieldSymbol f)
    {
        foreach (var a in f.GetAttributes())
            if (a.AttributeClass?.Name == "FieldOffsetAttribute" && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value is int o)
                return o;
        return null;
    }
}
