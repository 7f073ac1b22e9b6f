using System;
using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// Maps C# types onto BPF: scalars to LLVM integer/pointer types, unmanaged structs to byte
/// layouts computed like a C compiler (sequential, natural alignment, <c>Pack</c>, explicit
/// <c>FieldOffset</c>, fixed buffers). Roslyn exposes no layout API, so it is computed here.
/// </summary>
internal sealed class TypeLayout
{
    private readonly CLayout _c = new();

    /// <summary>The C layout behind these types (the stack estimate reads it).</summary>
    public CLayout C => _c;

    public static bool IsContext(ITypeSymbol t) => BpfSymbols.IsContext(t);

    /// <summary>The register type of a scalar, or null for structs.</summary>
    public LType? Scalar(ITypeSymbol t)
    {
        if (t.TypeKind == TypeKind.Enum && t is INamedTypeSymbol e && e.EnumUnderlyingType != null) t = e.EnumUnderlyingType;
        switch (t.SpecialType)
        {
            case SpecialType.System_Boolean: return LType.I1;
            case SpecialType.System_Byte:
            case SpecialType.System_SByte: return LType.I8;
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Char: return LType.I16;
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32: return LType.I32;
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr: return LType.I64;
        }
        if (t.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer) return LType.Ptr;
        if (IsContext(t)) return LType.Ptr;
        // A map as a value (a parameter, a local, an inner map) is the kernel's map pointer, as in C.
        if (BpfSymbols.IsMapType(t)) return LType.Ptr;
        return null;
    }

    public static bool IsSigned(ITypeSymbol t)
    {
        if (t.TypeKind == TypeKind.Enum && t is INamedTypeSymbol e && e.EnumUnderlyingType != null) t = e.EnumUnderlyingType;
        return t.SpecialType is SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_Int32
            or SpecialType.System_Int64 or SpecialType.System_IntPtr;
    }

    public static bool IsStruct(ITypeSymbol t)
        => t.TypeKind == TypeKind.Struct && t.SpecialType == SpecialType.None && !IsContext(t);

    public Layout Of(ITypeSymbol t, Location? where = null)
    {
        LType? s = Scalar(t);
        if (s != null) return new Layout(s.StoreSize, s.StoreSize);
        if (IsStruct(t))
        {
            if (Rejected(t, where) is { } e) throw e;
            if (!t.IsUnmanagedType || t.IsRefLikeType)
                throw new LoweringException("managed struct", where, BpfDiagnostics.Unsupported, "'" + t.ToDisplayString() + "'",
                    "only unmanaged structs (no references, not ref structs, not Nullable) can live in BPF memory");
            return Struct((INamedTypeSymbol)t, where).Layout;
        }
        throw Unsupported(t, where);
    }

    /// <summary>Value types that compile but cannot mean in BPF what they mean in .NET, each with the alternative.</summary>
    private static LoweringException? Rejected(ITypeSymbol t, Location? where)
    {
        // Spans, nullable value types and 128-bit integers: the same words as the subset rule (BPF1001).
        if (SubsetRules.RejectedType(t) is { } r)
            return new LoweringException(r.What, where, BpfDiagnostics.Unsupported, r.What, r.Fix);
        if (t is INamedTypeSymbol s && CLayout.IsAutoLayout(s))
            return new LoweringException("auto layout", where, BpfDiagnostics.StructLayout, t.ToDisplayString(), "LayoutKind.Auto",
                "the .NET runtime orders its fields at run time; use LayoutKind.Sequential (the default) or Explicit");
        if (t is INamedTypeSymbol ia && CLayout.InlineArrayLength(ia) > 0 && ia.GetMembers().OfType<IFieldSymbol>().Count(f => !f.IsStatic) != 1)
            return new LoweringException("inline array", where, BpfDiagnostics.StructLayout, t.ToDisplayString(), "[InlineArray]", "an inline array struct must have exactly one instance field");
        return null;
    }

    public static LoweringException Unsupported(ITypeSymbol t, Location? where)
    {
        if (Rejected(t, where) is { } rejected) return rejected;
        if (t.SpecialType is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal)
            return new LoweringException("floating point", where, BpfDiagnostics.FloatingPoint, t.ToDisplayString());
        if (t.SpecialType == SpecialType.System_String)
            return new LoweringException("string", where, BpfDiagnostics.StringUse);
        if (t.TypeKind == TypeKind.Array)
            return new LoweringException("array", where, BpfDiagnostics.ManagedArray);
        if (t.TypeKind == TypeKind.Dynamic)
            return new LoweringException("dynamic", where, BpfDiagnostics.Dynamic);
        return new LoweringException("type " + t.ToDisplayString(), where, BpfDiagnostics.ClassInstance, t.ToDisplayString());
    }

    /// <summary>The fields a value of <paramref name="t"/> holds (not static, not const), in declaration order.</summary>
    public static IEnumerable<IFieldSymbol> InstanceFields(ITypeSymbol t)
        => t.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst);

    public StructInfo Struct(INamedTypeSymbol t, Location? where = null)
    {
        if (_c.Struct(t) is { } info) return info;
        // Find the field that cannot live in BPF memory, for a precise diagnostic.
        foreach (var f in InstanceFields(t))
            FieldLayout(f, where);
        throw Unsupported(t, where);
    }

    /// <summary>Layout of a field; fixed buffers are N elements of their element type.</summary>
    public Layout FieldLayout(IFieldSymbol f, Location? where = null)
    {
        if (f.IsFixedSizeBuffer && f.Type is IPointerTypeSymbol p)
        {
            Layout e = Of(p.PointedAtType, where);
            return new Layout(e.Size * f.FixedSize, e.Align);
        }
        return Of(f.Type, where);
    }

    public int FieldOffset(IFieldSymbol f, Location? where = null)
    {
        Struct((INamedTypeSymbol)f.ContainingType, where);
        return _c.FieldOffset(f) ?? throw new LoweringException("field " + f.Name + " not found in layout", where);
    }
}
