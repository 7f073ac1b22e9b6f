using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CodeFirstBpf;
using CodeFirstBpf.Net;

// Struct layouts C# allows and C describes differently: explicit offsets out of order, unions,
// nested fixed buffers and inline arrays, generic structs, Pack = 1. Each is a map value of an
// accepted program (the kernel must keep the object's BTF) and of a rejected one (the verifier's
// error must still name the C# line, which needs that BTF). "// REJECT" marks those lines.
#pragma warning disable BPF3001 // the rejected programs are wrong on purpose, for the verifier to say so
namespace CodeFirstBpf.Verifier.Tests.BtfLayouts;

[StructLayout(LayoutKind.Explicit, Size = 8)]
public struct OutOfOrder
{
    [FieldOffset(4)] public uint Second;
    [FieldOffset(0)] public uint First;
}

[StructLayout(LayoutKind.Explicit, Size = 20)]
public unsafe struct Address
{
    [FieldOffset(16)] public byte Flags;
    [FieldOffset(0)] public uint Dst;
    [FieldOffset(0)] public fixed uint Dst6[4];
}

[StructLayout(LayoutKind.Explicit)]
public struct Halves
{
    [FieldOffset(0)] public ulong Whole;
    [FieldOffset(4)] public uint High;
    [FieldOffset(0)] public uint Low;
}

[InlineArray(6)]
public struct Mac
{
    private byte _element0;
}

public unsafe struct Port
{
    public Mac Address;
    public fixed ushort Vlans[3];
}

public unsafe struct Ports
{
    public Port Uplink;
    public fixed uint Counters[2];
    public Port Downlink;
}

public struct Pair<TFirst, TSecond>
    where TFirst : unmanaged
    where TSecond : unmanaged
{
    public TFirst Left;
    public TSecond Right;
}

[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct Packed
{
    public byte Kind;
    public uint Value;
    public ushort Tail;
}

/// <summary>Every layout as a map value of one accepted program: the kernel must keep the object's BTF.</summary>
public static unsafe partial class LayoutsKept
{
    static readonly ArrayMap<OutOfOrder> OutOfOrders = new(1);
    static readonly HashMap<Halves, Address> Unions = new(4);
    static readonly ArrayMap<Ports> Nested = new(1);
    static readonly HashMap<Pair<uint, ushort>, Pair<ulong, byte>> Generics = new(4);
    static readonly ArrayMap<Packed> PackedValues = new(1);
    static readonly ArrayMap<Mac> Macs = new(1);

    [Xdp]
    public static XdpAction Touch(XdpContext ctx)
    {
        OutOfOrder* o = OutOfOrders.Lookup(0);
        if (o != null) o->Second = o->First + 1;
        Address* a = Unions.Lookup(new Halves { Whole = 1 });
        if (a != null) a->Flags = (byte)(a->Dst6[3] + a->Dst);
        Ports* n = Nested.Lookup(0);
        if (n != null) n->Counters[1] = (uint)(n->Uplink.Address[5] + n->Downlink.Vlans[2]);
        Pair<ulong, byte>* g = Generics.Lookup(new Pair<uint, ushort> { Left = 1, Right = 2 });
        if (g != null) g->Right = (byte)g->Left;
        Packed* p = PackedValues.Lookup(0);
        if (p != null) p->Tail = (ushort)(p->Value + p->Kind);
        Mac* m = Macs.Lookup(0);
        if (m != null) (*m)[0] = (*m)[5];
        return XdpAction.Pass;
    }
}

// One rejected program per layout: the packet is read without a bounds check.

public static unsafe partial class OutOfOrderRejected
{
    static readonly ArrayMap<OutOfOrder> Values = new(1);

    [Xdp]
    public static XdpAction Touch(XdpContext ctx)
    {
        OutOfOrder* v = Values.Lookup(0);
        if (v != null) v->Second = *ctx.Data; // REJECT
        return XdpAction.Pass;
    }
}

public static unsafe partial class UnionRejected
{
    static readonly HashMap<Halves, Address> Values = new(4);

    [Xdp]
    public static XdpAction Touch(XdpContext ctx)
    {
        Address* v = Values.Lookup(new Halves { Whole = 1 });
        if (v != null) v->Flags = *ctx.Data; // REJECT
        return XdpAction.Pass;
    }
}

public static unsafe partial class NestedRejected
{
    static readonly ArrayMap<Ports> Values = new(1);

    [Xdp]
    public static XdpAction Touch(XdpContext ctx)
    {
        Ports* v = Values.Lookup(0);
        if (v != null) v->Counters[1] = *ctx.Data; // REJECT
        return XdpAction.Pass;
    }
}

public static unsafe partial class GenericRejected
{
    static readonly HashMap<Pair<uint, ushort>, Pair<ulong, byte>> Values = new(4);

    [Xdp]
    public static XdpAction Touch(XdpContext ctx)
    {
        Pair<ulong, byte>* v = Values.Lookup(new Pair<uint, ushort> { Left = 1, Right = 2 });
        if (v != null) v->Right = *ctx.Data; // REJECT
        return XdpAction.Pass;
    }
}

public static unsafe partial class PackedRejected
{
    static readonly ArrayMap<Packed> Values = new(1);

    [Xdp]
    public static XdpAction Touch(XdpContext ctx)
    {
        Packed* v = Values.Lookup(0);
        if (v != null) v->Kind = *ctx.Data; // REJECT
        return XdpAction.Pass;
    }
}
