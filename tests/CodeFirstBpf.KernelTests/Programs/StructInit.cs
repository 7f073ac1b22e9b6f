using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>Interior and tail padding everywhere: A@0, B@4, C@8, D@16, E@24, size 32.</summary>
public struct PaddedKey
{
    public byte A;
    public uint B;
    public ushort C;
    public ulong D;
    public byte E;
}

/// <summary>Three bytes of fields, one byte of tail padding.</summary>
public struct Inner
{
    public ushort X;
    public byte Y;
}

/// <summary>Nested padded structs: In@0, Z@4, In2@8, size 12.</summary>
public struct Outer
{
    public Inner In;
    public uint Z;
    public Inner In2;
}

/// <summary>
/// Struct zero-initialisation including padding: the same key built four ways (object initializer,
/// <c>default</c> then field stores, <c>with</c>, a copy through a <c>ref</c> local) must hit the
/// same hash entry; nested object initializers; <c>new()</c> with a partial initializer;
/// <c>sizeof</c> of user and header structs written to a map.
/// </summary>
public static unsafe partial class StructInit
{
    static readonly HashMap<PaddedKey, ulong> Keys = new(maxEntries: 1024);
    static readonly HashMap<Outer, uint> Nested = new(maxEntries: 1024);
    static readonly ArrayMap<uint> Sizes = new(maxEntries: 8);

    static void Bump(in PaddedKey key)
    {
        ulong* v = Keys.Lookup(key);
        if (v != null) *v += 1;
        else Keys.Update(key, 1);
    }

    static void SetSize(uint slot, int size)
    {
        uint* s = Sizes.Lookup(slot);
        if (s != null) *s = (uint)size;
    }

    [Xdp]
    public static XdpAction BuildKeys(XdpContext ctx)
    {
        SetSize(0, sizeof(PaddedKey));
        SetSize(1, sizeof(Outer));
        SetSize(2, sizeof(Inner));
        SetSize(3, sizeof(EthernetHeader));
        SetSize(4, sizeof(IPv6Header));
        SetSize(5, sizeof(TcpHeader));
        SetSize(6, sizeof(FlowKey));
        SetSize(7, sizeof(ArithInput));

        byte* data = ctx.Data;
        if (data + 22 > ctx.DataEnd) return XdpAction.Pass;
        byte* p = data + 14;

        var k1 = new PaddedKey { A = p[0], B = p[1], C = p[2], D = p[3], E = p[4] };
        Bump(k1);

        PaddedKey k2 = default;
        k2.E = p[4];
        k2.D = p[3];
        k2.C = p[2];
        k2.B = p[1];
        k2.A = p[0];
        Bump(k2);

        var k3 = k2 with { D = p[3] };
        Bump(k3);

        PaddedKey k4 = new() { A = p[5] };
        ref PaddedKey alias = ref k4;
        alias.B = 0xFFFFFFFF;
        Bump(k4);

        PaddedKey copy = alias;
        copy.E = 1;
        Bump(copy);

        var o = new Outer
        {
            In = new Inner { X = p[6], Y = p[7] },
            Z = p[0],
            In2 = new Inner { Y = 9 },
        };
        uint* n = Nested.Lookup(o);
        if (n != null) (*n)++;
        else Nested.Update(o, 1);

        return k4.A == 0 ? XdpAction.Drop : XdpAction.Pass;
    }
}
