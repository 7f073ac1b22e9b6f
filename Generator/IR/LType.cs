using System;

namespace CodeFirstBpf.Generator.IR;

/// <summary>
/// An LLVM type as the lowering uses them: integers, the opaque pointer, void, and byte arrays
/// (aggregates are kept as raw bytes addressed with i8 GEPs, the way clang's output looks after
/// canonicalisation). Value-equal, so the builder can check operand types with ==.
/// </summary>
internal sealed class LType : IEquatable<LType>
{
    public static readonly LType Void = new(Kind.Void, 0);
    public static readonly LType I1 = new(Kind.Int, 1);
    public static readonly LType I8 = new(Kind.Int, 8);
    public static readonly LType I16 = new(Kind.Int, 16);
    public static readonly LType I32 = new(Kind.Int, 32);
    public static readonly LType I64 = new(Kind.Int, 64);
    public static readonly LType Ptr = new(Kind.Ptr, 64);

    private enum Kind { Void, Int, Ptr, Bytes }

    private readonly Kind _kind;

    private LType(Kind kind, int size)
    {
        _kind = kind;
        Size = size;
    }

    /// <summary>Bits for integers and pointers; bytes for byte arrays.</summary>
    public int Size { get; }

    public bool IsInt => _kind == Kind.Int;
    public bool IsPtr => _kind == Kind.Ptr;
    public bool IsVoid => _kind == Kind.Void;

    public static LType Int(int bits) => bits switch
    {
        1 => I1, 8 => I8, 16 => I16, 32 => I32, 64 => I64,
        _ => throw new ArgumentOutOfRangeException(nameof(bits)),
    };

    public static LType Bytes(int count) => new(Kind.Bytes, count);

    /// <summary>Bytes this type occupies in memory (i1 is stored as a byte).</summary>
    public int StoreSize => _kind switch
    {
        Kind.Int => Size == 1 ? 1 : Size / 8,
        Kind.Ptr => 8,
        Kind.Bytes => Size,
        _ => 0,
    };

    public override string ToString() => _kind switch
    {
        Kind.Void => "void",
        Kind.Int => "i" + Size,
        Kind.Ptr => "ptr",
        _ => "[" + Size + " x i8]",
    };

    public bool Equals(LType? other) => other is not null && other._kind == _kind && other.Size == Size;
    public override bool Equals(object? obj) => Equals(obj as LType);
    public override int GetHashCode() => ((int)_kind * 397) ^ Size;
    public static bool operator ==(LType? a, LType? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(LType? a, LType? b) => !(a == b);
}

/// <summary>An SSA value or constant: its type and how it is spelled as an operand.</summary>
internal readonly struct LValue
{
    public LValue(LType type, string text)
    {
        Type = type;
        Text = text;
    }

    public LType Type { get; }
    public string Text { get; }

    public bool IsConstant => Text.Length > 0 && (char.IsDigit(Text[0]) || Text[0] == '-' || Text is "true" or "false" or "null" or "zeroinitializer");

    public static LValue Const(LType type, long value)
        => type == LType.I1 ? new LValue(type, value != 0 ? "true" : "false") : new LValue(type, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static LValue Null => new(LType.Ptr, "null");

    /// <summary>Operand spelling with its type, e.g. <c>i32 %t3</c>.</summary>
    public string Typed => Type + " " + Text;

    public override string ToString() => Typed;
}
