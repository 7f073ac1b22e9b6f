using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>Size and alignment of a type in BPF memory.</summary>
internal readonly struct Layout
{
    public Layout(int size, int align)
    {
        Size = size;
        Align = align;
    }

    public int Size { get; }
    public int Align { get; }
}

/// <summary>A struct's layout and the offset of each instance field, in declaration order.</summary>
internal sealed class StructInfo
{
    public StructInfo(Layout layout, IReadOnlyList<(IFieldSymbol Field, int Offset)> fields)
    {
        Layout = layout;
        Fields = fields;
    }

    public Layout Layout { get; }
    public IReadOnlyList<(IFieldSymbol Field, int Offset)> Fields { get; }
}

/// <summary>
/// Lays out C# types the way a C compiler does on bpfel: scalars by width, pointers and contexts
/// 8 bytes, structs sequential with natural alignment, honouring <c>Pack</c>, <c>Size</c>, explicit
/// <c>FieldOffset</c>, and fixed buffers as N elements. Roslyn has no layout API, so this is the one
/// place that computes it; the generator (through <see cref="TypeLayout"/>) and the analyzers
/// (stack estimates, packet ranges) link this file. Thread-safe: analyzers run concurrently.
/// Pseudo-attributes (StructLayout, FieldOffset) are only visible on source types; metadata types
/// are taken as sequential with natural packing.
/// </summary>
internal sealed class CLayout
{
    private const int MaxDepth = 16;
    private readonly ConcurrentDictionary<ITypeSymbol, StructInfo?> _structs = new(SymbolEqualityComparer.Default);

    /// <summary>Size and alignment of a scalar (integers, bool, char, enums, floats, pointers, contexts); null for anything else.</summary>
    public static Layout? Scalar(ITypeSymbol t)
    {
        if (t is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } u }) t = u;
        switch (t.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte: return new Layout(1, 1);
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Char: return new Layout(2, 2);
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Single: return new Layout(4, 4);
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_Double: return new Layout(8, 8);
        }
        if (t.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || BpfSymbols.IsContext(t)) return new Layout(8, 8);
        return null;
    }

    /// <summary>The layout of any type that can live in BPF memory; null otherwise.</summary>
    public Layout? Of(ITypeSymbol t) => Of(t, 0);

    private Layout? Of(ITypeSymbol t, int depth)
    {
        if (Scalar(t) is { } s) return s;
        if (t.TypeKind != TypeKind.Struct || t.SpecialType != SpecialType.None || depth > MaxDepth) return null;
        return Struct((INamedTypeSymbol)t, depth)?.Layout;
    }

    /// <summary>Layout of a field; fixed buffers are N elements of their element type.</summary>
    public Layout? FieldLayout(IFieldSymbol f) => FieldLayout(f, 0);

    private Layout? FieldLayout(IFieldSymbol f, int depth)
    {
        if (f.IsFixedSizeBuffer && f.Type is IPointerTypeSymbol p)
            return Of(p.PointedAtType, depth + 1) is { } e ? new Layout(e.Size * f.FixedSize, e.Align) : null;
        return Of(f.Type, depth + 1);
    }

    /// <summary>The struct's layout and field offsets; null when a field cannot live in BPF memory.</summary>
    public StructInfo? Struct(INamedTypeSymbol t) => Struct(t, 0);

    private StructInfo? Struct(INamedTypeSymbol t, int depth)
    {
        // A tuple type with element names is its ValueTuple<…>; the names are only syntax.
        if (t.IsTupleType && t.TupleUnderlyingType is { } underlying) t = underlying;
        if (_structs.TryGetValue(t, out var cached)) return cached;
        var info = Compute(t, depth);
        _structs.TryAdd(t, info);
        return info;
    }

    /// <summary>Whether .NET lays the struct out itself at run time (<c>LayoutKind.Auto</c>): no C layout can match it.</summary>
    public static bool IsAutoLayout(INamedTypeSymbol t)
    {
        var attr = t.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "StructLayoutAttribute");
        return attr != null && attr.ConstructorArguments.Length > 0 && attr.ConstructorArguments[0].Value is int kind && kind == 3;
    }

    /// <summary>
    /// A ValueTuple (named or not): .NET lays it out with <c>LayoutKind.Auto</c>, so it has no layout
    /// to share with userspace (map keys and values, pointees, <c>sizeof</c>).
    /// </summary>
    public static bool IsValueTuple(ITypeSymbol t)
        => t is INamedTypeSymbol { IsTupleType: true } || t is INamedTypeSymbol { Name: "ValueTuple", ContainingNamespace.Name: "System" };

    /// <summary>The length of an <c>[InlineArray(N)]</c> struct, or 0.</summary>
    public static int InlineArrayLength(INamedTypeSymbol t)
    {
        foreach (var a in t.GetAttributes())
            if (a.AttributeClass is { Name: "InlineArrayAttribute" } c && c.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices"
                && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is int n)
                return n;
        return 0;
    }

    private StructInfo? Compute(INamedTypeSymbol t, int depth)
    {
        if (IsAutoLayout(t)) return null;
        var attr = t.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "StructLayoutAttribute");
        bool isExplicit = attr != null && attr.ConstructorArguments.Length > 0 && attr.ConstructorArguments[0].Value is int kind && kind == 2;
        int pack = Named(attr, "Pack"), declaredSize = Named(attr, "Size");
        var fields = new List<(IFieldSymbol, int)>();
        int offset = 0, align = 1, end = 0;
        foreach (var f in t.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst))
        {
            if (FieldLayout(f, depth) is not { } fl) return null;
            int fa = pack > 0 ? Math.Min(pack, fl.Align) : fl.Align;
            int at;
            if (isExplicit)
            {
                at = ExplicitOffset(f) ?? 0;
            }
            else
            {
                at = (offset + fa - 1) / fa * fa;
                offset = at + fl.Size;
            }
            align = Math.Max(align, fa);
            end = Math.Max(end, at + fl.Size);
            fields.Add((f, at));
        }
        int length = InlineArrayLength(t);
        if (length > 0)
        {
            // [InlineArray(N)]: the runtime repeats the single field N times.
            if (fields.Count != 1) return null;
            end = FieldLayout(fields[0].Item1, depth)!.Value.Size * length;
        }
        int size = Math.Max(1, (end + align - 1) / align * align);
        return new StructInfo(new Layout(Math.Max(size, declaredSize), align), fields);
    }

    /// <summary>The offset of an instance field inside its struct, or null when it cannot be computed.</summary>
    public int? FieldOffset(IFieldSymbol field)
    {
        if (field.ContainingType is not INamedTypeSymbol { TypeKind: TypeKind.Struct } owner || Struct(owner) is not { } info) return null;
        field = field.CorrespondingTupleField ?? field;
        var original = (field.CorrespondingTupleField ?? field).OriginalDefinition;
        foreach (var (f, off) in info.Fields)
            if (SymbolEqualityComparer.Default.Equals(f.OriginalDefinition, original)) return off;
        return null;
    }

    private static int Named(AttributeData? a, string name)
    {
        if (a == null) return 0;
        foreach (var na in a.NamedArguments)
            if (na.Key == name && na.Value.Value is int v) return v;
        return 0;
    }

    private static int? ExplicitOffset(IFieldSymbol f)
    {
        foreach (var a in f.GetAttributes())
            if (a.AttributeClass?.Name == "FieldOffsetAttribute" && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value is int o)
                return o;
        return null;
    }
}
