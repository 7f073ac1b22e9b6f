using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// A program type as its attribute declares it (<c>[BpfProgramType]</c> on the attribute class,
/// <c>[BpfAttachPoint]</c> on a hook argument): the one row the generator and analyzers read.
/// </summary>
internal sealed class ProgramKind
{
    public ProgramKind(string name, int flag, string? section, ITypeSymbol context, ITypeSymbol result)
    {
        Name = name;
        Flag = flag;
        Section = section;
        Context = context;
        Result = result;
    }

    /// <summary>The attribute's name without <c>Attribute</c> (<c>CgroupSockAddr</c>); the runtime class is <c>{Name}Program</c>.</summary>
    public string Name { get; }

    /// <summary>The type's <c>BpfProgramKinds</c> bit.</summary>
    public int Flag { get; }

    /// <summary>The ELF section (<c>cgroup/connect4</c>), or null when the attribute's hook argument is no named hook.</summary>
    public string? Section { get; }

    /// <summary>The program's parameter type.</summary>
    public ITypeSymbol Context { get; }

    /// <summary>The program's return type.</summary>
    public ITypeSymbol Result { get; }
}

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

    /// <summary>The metadata names of the program attributes (the generator finds program methods by them).</summary>
    public static readonly string[] ProgramAttributes =
    {
        "CodeFirstBpf.XdpAttribute", "CodeFirstBpf.TcAttribute", "CodeFirstBpf.SocketFilterAttribute", "CodeFirstBpf.CgroupSkbAttribute",
        "CodeFirstBpf.CgroupSockAddrAttribute", "CodeFirstBpf.SockOpsAttribute", "CodeFirstBpf.SkLookupAttribute",
    };

    /// <summary>The program type of a method (its first program attribute), or null for a method that is not a program.</summary>
    public static ProgramKind? KindOf(IMethodSymbol m)
    {
        foreach (var a in m.GetAttributes())
            if (BpfFacts.ProgramType(a) is { } kind) return kind;
        return null;
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
            if (!m.IsStatic && m.MethodKind == MethodKind.Ordinary && m.ContainingType != null && BpfFacts.Context(m.ContainingType) != null) return IntrinsicKind.ContextHelper;
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
        return IsBlockOp(m)
            || (ns == "System" && m.ContainingType?.Name == "Math" && m.Name is "Min" or "Max" or "Clamp" or "Abs")
            || (ns == "System.Numerics" && m.ContainingType?.Name == "BitOperations"
                && m.Name is "PopCount" or "LeadingZeroCount" or "TrailingZeroCount" or "RotateLeft" or "RotateRight" or "Log2" or "IsPow2");
    }

    /// <summary>
    /// The BCL block copies and fills that lower to <c>llvm.memcpy</c>/<c>memmove</c>/<c>memset</c>:
    /// <c>Unsafe.CopyBlock(Unaligned)</c>, <c>Unsafe.InitBlock(Unaligned)</c>, <c>Buffer.MemoryCopy</c>,
    /// <c>NativeMemory.Copy/Fill/Clear</c>, and <c>CopyTo/Fill/Clear</c> on a byte span.
    /// </summary>
    public static bool IsBlockOp(IMethodSymbol m)
    {
        string ns = m.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        string type = m.ContainingType?.Name ?? string.Empty;
        return (ns == "System.Runtime.CompilerServices" && type == "Unsafe" && m.Name is "CopyBlock" or "CopyBlockUnaligned" or "InitBlock" or "InitBlockUnaligned")
            || (ns == "System" && type == "Buffer" && m.Name == "MemoryCopy")
            || (ns == "System.Runtime.InteropServices" && type == "NativeMemory" && m.Name is "Copy" or "Fill" or "Clear")
            || (IsByteSpan(m.ContainingType) && !m.IsStatic && (m.Name == "CopyTo" && m.Parameters.Length == 1 && IsByteSpan(m.Parameters[0].Type)
                || (m.Name is "Fill" or "Clear" && m.ContainingType!.Name == "Span")));
    }

    /// <summary><c>System.Span&lt;byte&gt;</c> or <c>System.ReadOnlySpan&lt;byte&gt;</c>.</summary>
    public static bool IsByteSpan(ITypeSymbol? t)
        => t is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", Arity: 1 } n && n.ContainingNamespace?.ToDisplayString() == "System"
           && n.TypeArguments[0].SpecialType == SpecialType.System_Byte;

    /// <summary>
    /// Whether <paramref name="op"/> is <c>new Span&lt;byte&gt;(pointer, length)</c> used directly as the
    /// receiver or argument of a block op: the one place BPF code may name a span (it is a pointer and a length).
    /// </summary>
    public static bool IsBlockSpan(IOperation op)
    {
        if (op is not IObjectCreationOperation { Arguments.Length: 2 } oc || !IsByteSpan(oc.Type) || oc.Constructor?.Parameters[0].Type.TypeKind != TypeKind.Pointer)
            return false;
        IOperation? parent = op.Parent;
        while (parent is IConversionOperation { IsImplicit: true }) parent = parent.Parent;
        if (parent is IArgumentOperation { Parent: IInvocationOperation byArg }) return IsBlockOp(byArg.TargetMethod);
        return parent is IInvocationOperation inv && IsBlockOp(inv.TargetMethod);
    }

    /// <summary>Whether <paramref name="t"/> is a program context (a Dataplane struct with <c>[BpfContext]</c>).</summary>
    public static bool IsContext(ITypeSymbol t) => t.TypeKind == TypeKind.Struct && BpfFacts.Context(t) != null;
}
