using CodeFirstBpf.Generator.Frontend;
using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Analyzers;

/// <summary>
/// Sizes of C# types in BPF memory for stack estimates and packet access ranges, from the same
/// C layout the generator uses (<see cref="CLayout"/>, linked from the generator).
/// </summary>
internal sealed class TypeSizes
{
    private readonly CLayout _layout = new();

    /// <summary>The C layout the sizes come from (shared with the generator's stack estimate).</summary>
    public CLayout Layout => _layout;

    /// <summary>The size in bytes; 8 for anything that is not an unmanaged value (it cannot live in BPF memory anyway).</summary>
    public int SizeOf(ITypeSymbol? t) => t != null && _layout.Of(t) is { } l ? l.Size : 8;

    /// <summary>The size of one element a pointer of type <paramref name="pointer"/> steps over.</summary>
    public int ElementSize(ITypeSymbol? pointer)
        => pointer is IPointerTypeSymbol p ? (p.PointedAtType.SpecialType == SpecialType.System_Void ? 1 : SizeOf(p.PointedAtType)) : 1;

    /// <summary>The offset of an instance field inside its struct, or null when it cannot be computed.</summary>
    public int? FieldOffset(IFieldSymbol field) => _layout.FieldOffset(field);
}
