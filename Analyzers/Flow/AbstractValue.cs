using System;

namespace CodeFirstBpf.Analyzers.Flow;

/// <summary>What the flow analysis knows about a value.</summary>
internal enum ValueKind : byte
{
    /// <summary>Nothing useful: never the cause of a report.</summary>
    Unknown,
    /// <summary>A pointer into the packet: packet base <c>Id</c> plus a constant byte offset.</summary>
    Packet,
    /// <summary><c>DataEnd</c> plus a constant byte offset.</summary>
    PacketEnd,
    /// <summary>A map value pointer from <c>Lookup</c>, null until checked; <c>Id</c> names the lookup.</summary>
    MapValue,
    /// <summary>An integer, by value number <c>Id</c> (two equal numbers hold equal values), maybe constant.</summary>
    Scalar,
}

/// <summary>
/// One abstract value, immutable and compared by value. Packet pointers mirror the kernel
/// verifier's model: a base (<see cref="Id"/>) whose checked range is tracked per base, plus a
/// constant <see cref="Offset"/>. A pointer also carries <see cref="Avail"/>, the bytes known
/// valid from itself on every path that reaches it, which survives merges of different bases.
/// </summary>
internal readonly struct AbstractValue : IEquatable<AbstractValue>
{
    private AbstractValue(ValueKind kind, int id, long offset, long avail, bool isConstant, bool opaque = false)
    {
        Opaque = opaque;
        Kind = kind;
        Id = id;
        Offset = offset;
        Avail = avail;
        IsConstant = isConstant;
    }

    public ValueKind Kind { get; }
    public int Id { get; }
    public long Offset { get; }
    public long Avail { get; }
    public bool IsConstant { get; }

    /// <summary>
    /// A scalar the verifier cannot know either: read from packet or map memory, a context field,
    /// a helper's result, or arithmetic on one. Unlike a loop counter (which LLVM may unroll into
    /// constants), it stays a variable in the verified code.
    /// </summary>
    public bool Opaque { get; }

    public static AbstractValue Unknown => default;

    public static AbstractValue Packet(int id, long offset, long avail) => new(ValueKind.Packet, id, offset, Math.Max(0, avail), false);

    public static AbstractValue End(long offset) => new(ValueKind.PacketEnd, 0, offset, 0, false);

    public static AbstractValue Map(int id) => new(ValueKind.MapValue, id, 0, 0, false);

    public static AbstractValue Scalar(int valueNumber, bool opaque = false) => new(ValueKind.Scalar, valueNumber, 0, 0, false, opaque);

    public static AbstractValue Constant(int valueNumber, long value) => new(ValueKind.Scalar, valueNumber, value, 0, true);

    public bool Equals(AbstractValue other)
        => Kind == other.Kind && Id == other.Id && Offset == other.Offset && Avail == other.Avail && IsConstant == other.IsConstant && Opaque == other.Opaque;

    public override bool Equals(object? obj) => obj is AbstractValue v && Equals(v);

    public override int GetHashCode() => ((int)Kind * 397) ^ Id ^ (Offset.GetHashCode() * 31) ^ Avail.GetHashCode();
}
