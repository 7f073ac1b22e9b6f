namespace CodeFirstBpf.Generator.IR;

/// <summary>LLVM integer binary operations the lowering uses.</summary>
internal enum BinaryOp { Add, Sub, Mul, UDiv, URem, SDiv, SRem, And, Or, Xor, Shl, LShr, AShr }

/// <summary>LLVM <c>icmp</c> predicates.</summary>
internal enum IntPredicate { Eq, Ne, Ult, Ule, Ugt, Uge, Slt, Sle, Sgt, Sge }

/// <summary>LLVM casts the lowering uses.</summary>
internal enum CastOp { Trunc, ZExt, SExt, PtrToInt, IntToPtr }

/// <summary>The IR spelling of the named operations.</summary>
internal static class Opcodes
{
    public static string Text(this BinaryOp op) => op.ToString().ToLowerInvariant();

    public static string Text(this IntPredicate p) => p.ToString().ToLowerInvariant();

    public static string Text(this CastOp c) => c.ToString().ToLowerInvariant();
}
