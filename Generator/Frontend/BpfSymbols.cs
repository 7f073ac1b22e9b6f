using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Generator.Frontend;

internal enum ProgramKind { None, Xdp, Tc }

/// <summary>The families of calls that lower without source (see <see cref="BpfSymbols.Classify"/>).</summary>
internal enum IntrinsicKind { None, MapOperation, Helper, ContextHelper, ByteSwap, Bcl, Atomic }

/// <summary>
/// Recognises CodeFirstBpf's own symbols (program attributes, map types, intrinsics). Shared by the
/// generator and the analyzers (linked source), so both agree on what is BPF code.
/// </summary>
internal static class BpfSymbols
{
    public static bool IsMapType(ITypeSymbol? t)
    {
        for (; t != null; t = t.BaseType)
            if (t.Name == "BpfMap" && t.ContainingNamespace?.ToDisplayString() == "CodeFirstBpf") return true;
        return false;
    }

    public static bool HasSource(IMethodSymbol m)
    {
        var def = (m.PartialImplementationPart ?? m).OriginalDefinition;
        return def.DeclaringSyntaxReferences.Length > 0 && !def.IsExtern;
    }

    public static ProgramKind KindOf(IMethodSymbol m)
    {
        foreach (var a in m.GetAttributes())
        {
            string? n = a.AttributeClass?.ToDisplayString();
            if (n == "CodeFirstBpf.XdpAttribute") return ProgramKind.Xdp;
            if (n == "CodeFirstBpf.TcAttribute") return ProgramKind.Tc;
        }
        return ProgramKind.None;
    }

    /// <summary>
    /// Which family of lowering a call to <paramref name="m"/> takes, or <see cref="IntrinsicKind.None"/>
    /// for a call that needs source. The one classification of intrinsics: the generator dispatches on
    /// it and the subset rules and analyzers ask <see cref="IsIntrinsic"/>, so they cannot disagree.
    /// </summary>
    public static IntrinsicKind Classify(IMethodSymbol m)
    {
        string ns = m.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        string type = m.ContainingType?.Name ?? string.Empty;
        if (ns == "CodeFirstBpf")
        {
            if (IsMapType(m.ContainingType)) return IntrinsicKind.MapOperation;
            if (type == "Bpf") return IntrinsicKind.Helper;
            if (type == "ByteOrder") return IntrinsicKind.ByteSwap;
            if (type is "XdpContext" or "TcContext" && !m.IsStatic && m.MethodKind == MethodKind.Ordinary) return IntrinsicKind.ContextHelper;
        }
        if (ns == "System.Buffers.Binary" && type == "BinaryPrimitives" && m.Name == "ReverseEndianness") return IntrinsicKind.ByteSwap;
        if (ns == "System.Threading" && type == "Interlocked") return IntrinsicKind.Atomic;
        return IsBclIntrinsic(m) ? IntrinsicKind.Bcl : IntrinsicKind.None;
    }

    /// <summary>Whether a call to <paramref name="m"/> lowers without source (map op, helper, swap, atomic).</summary>
    public static bool IsIntrinsic(IMethodSymbol m) => Classify(m) != IntrinsicKind.None;

    /// <summary>The pure BCL helpers that lower to BPF code (Math.Min/Max/Clamp, BitOperations), and Math.Abs, which is rejected with an alternative.</summary>
    public static bool IsBclIntrinsic(IMethodSymbol m)
    {
        string ns = m.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return (ns == "System" && m.ContainingType?.Name == "Math" && m.Name is "Min" or "Max" or "Clamp" or "Abs")
            || (ns == "System.Numerics" && m.ContainingType?.Name == "BitOperations"
                && m.Name is "PopCount" or "LeadingZeroCount" or "TrailingZeroCount" or "RotateLeft" or "RotateRight" or "Log2" or "IsPow2");
    }

    public static bool IsContext(ITypeSymbol t)
        => t is INamedTypeSymbol { Name: "XdpContext" or "TcContext" } n && n.ContainingNamespace?.ToDisplayString() == "CodeFirstBpf";
}
