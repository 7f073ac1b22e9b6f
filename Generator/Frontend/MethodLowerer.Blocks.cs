using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// BCL block copies and fills with a constant size, lowered as clang lowers <c>__builtin_memcpy</c>:
/// to <c>llvm.memcpy</c>/<c>llvm.memmove</c>/<c>llvm.memset</c>, which the BPF back end unrolls.
/// The APIs .NET defines as overlap-safe (<c>Buffer.MemoryCopy</c>, <c>NativeMemory.Copy</c>,
/// <c>Span.CopyTo</c>) become <c>memmove</c>, which LLVM narrows to <c>memcpy</c> wherever it sees
/// the regions cannot overlap; <c>Unsafe.CopyBlock</c>, whose overlap .NET leaves unspecified, is a
/// <c>memcpy</c>. Where .NET would throw (a span shorter than the copy, a negative length), the
/// call is rejected.
/// </summary>
internal sealed partial class MethodLowerer
{
    private const string MemmoveDeclaration = "declare void @llvm.memmove.p0.p0.i64(ptr nocapture writeonly, ptr nocapture readonly, i64, i1 immarg)";

    private LValue EmitBlockOp(IInvocationOperation inv)
    {
        IMethodSymbol m = inv.TargetMethod;
        string what = m.ContainingType.Name + "." + m.Name;
        switch (m.ContainingType.Name, m.Name)
        {
            case ("Unsafe", "CopyBlock" or "CopyBlockUnaligned"):
            {
                long size = BlockSize(inv, Arg(inv, 2), what);
                var (dst, src) = (BlockPointer(inv, 0), BlockPointer(inv, 1));
                _fb.Memcpy(dst.Ptr, dst.Align, src.Ptr, src.Align, size);
                break;
            }
            case ("Unsafe", "InitBlock" or "InitBlockUnaligned"):
            {
                long size = BlockSize(inv, Arg(inv, 2), what);
                Memset(BlockPointer(inv, 0), FillByte(Arg(inv, 1)), size);
                break;
            }
            case ("Buffer", "MemoryCopy"):
            {
                long room = BlockSize(inv, Arg(inv, 2), what), size = BlockSize(inv, Arg(inv, 3), what);
                if (size > room) throw WouldThrow(inv, what + " of more bytes than the destination's size", "ArgumentException");
                Memmove(BlockPointer(inv, 1), BlockPointer(inv, 0), size);
                break;
            }
            case ("NativeMemory", "Copy"):
            {
                long size = BlockSize(inv, Arg(inv, 2), what);
                Memmove(BlockPointer(inv, 1), BlockPointer(inv, 0), size);
                break;
            }
            case ("NativeMemory", "Fill"):
            {
                long size = BlockSize(inv, Arg(inv, 1), what);
                Memset(BlockPointer(inv, 0), FillByte(Arg(inv, 2)), size);
                break;
            }
            case ("NativeMemory", "Clear"):
                Memset(BlockPointer(inv, 0), LValue.Const(LType.I8, 0), BlockSize(inv, Arg(inv, 1), what));
                break;
            case (_, "CopyTo"):
            {
                var (src, length) = BlockSpan(inv, inv.Instance, what);
                var (dst, room) = BlockSpan(inv, Arg(inv, 0), what);
                if (length > room) throw WouldThrow(inv, "Span.CopyTo into a shorter span", "ArgumentException");
                Memmove(dst, src, length);
                break;
            }
            case (_, "Fill"):
            {
                var (p, length) = BlockSpan(inv, inv.Instance, what);
                Memset(p, FillByte(Arg(inv, 0)), length);
                break;
            }
            case (_, "Clear"):
            {
                var (p, length) = BlockSpan(inv, inv.Instance, what);
                Memset(p, LValue.Const(LType.I8, 0), length);
                break;
            }
            default:
                throw new LoweringException("block", inv.Syntax.GetLocation(), BpfDiagnostics.NoSource, m.ToDisplayString());
        }
        return new LValue(LType.Void, string.Empty);
    }

    private void Memmove((LValue Ptr, int Align) dst, (LValue Ptr, int Align) src, long size)
    {
        _module.Declare(MemmoveDeclaration);
        _fb.Memmove(dst.Ptr, dst.Align, src.Ptr, src.Align, size);
    }

    private void Memset((LValue Ptr, int Align) at, LValue value, long size) => _fb.Memset(at.Ptr, at.Align, value, size);

    /// <summary>
    /// A pointer argument (<c>void*</c>), or the address of a <c>ref byte</c> one, with the alignment its
    /// C# type promises, as clang takes it from the pointee type: a <c>Hdr*</c> converted to <c>void*</c>
    /// is aligned as <c>Hdr</c> (which <c>*p</c> assumes too), a <c>byte*</c> (packet data) not at all.
    /// </summary>
    private (LValue Ptr, int Align) BlockPointer(IInvocationOperation inv, int ordinal)
    {
        IOperation a = Arg(inv, ordinal);
        if (inv.TargetMethod.Parameters[ordinal].RefKind != RefKind.None) return (EmitAddress(a), AlignOf(a));
        return (EmitValue(a), PointeeAlign(a));
    }

    /// <summary>The alignment of what a pointer operand points at, looking through conversions to <c>void*</c>/<c>byte*</c>.</summary>
    private int PointeeAlign(IOperation pointer)
    {
        int align = 1;
        for (IOperation? op = pointer; op != null; op = op is IConversionOperation c ? c.Operand : null)
            if (Subst(op.Type!) is IPointerTypeSymbol { PointedAtType: { SpecialType: not SpecialType.System_Void } t } && t.IsUnmanagedType && t.TypeKind != TypeKind.Pointer)
                align = System.Math.Max(align, _module.Layout.Of(t, op.Syntax.GetLocation()).Align);
        return align;
    }

    private LValue FillByte(IOperation value) => EmitValueAs(value, _module.Compilation.GetSpecialType(SpecialType.System_Byte));

    /// <summary>The constant byte count at <paramref name="size"/>: BPF1022 when it is not one, BPF1001 when .NET would throw.</summary>
    private long BlockSize(IInvocationOperation inv, IOperation size, string what)
    {
        if (HelperFilledLocals.ConstantLength(size, _module.Layout, Subst) is not long n)
            throw new LoweringException("block size", size.Syntax.GetLocation(), BpfDiagnostics.BlockSize, what);
        if (n < 0) throw WouldThrow(inv, what + " with a negative size", "an exception");
        return n;
    }

    /// <summary>The pointer and constant length of <c>new Span&lt;byte&gt;(pointer, length)</c>; other spans are rejected.</summary>
    private ((LValue Ptr, int Align) Pointer, long Length) BlockSpan(IInvocationOperation inv, IOperation? span, string what)
    {
        IOperation? op = span;
        while (op is IConversionOperation { IsImplicit: true } c) op = c.Operand;
        if (op is not IObjectCreationOperation { Arguments.Length: 2 } oc || !BpfSymbols.IsBlockSpan(oc))
            throw new LoweringException("span", (span ?? inv).Syntax.GetLocation(), BpfDiagnostics.Unsupported, "This span",
                "BPF code has no spans; a block copy or fill names its span in place: new Span<byte>(pointer, constantLength)." + inv.TargetMethod.Name + "(…)");
        IOperation length = oc.Arguments[1].Value;
        long n = BlockSize(inv, length, "new " + oc.Type!.Name + "<byte>(pointer, length) in " + what);
        return ((EmitValue(oc.Arguments[0].Value), PointeeAlign(oc.Arguments[0].Value)), n);
    }

    private static LoweringException WouldThrow(IInvocationOperation inv, string what, string exception)
        => new("block", inv.Syntax.GetLocation(), BpfDiagnostics.Unsupported, what, ".NET throws " + exception + " here, which BPF code cannot");
}
