using System.Buffers.Binary;
using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>A flags enum stored in a map value.</summary>
public enum Color : byte
{
    Red = 1,
    Green = 2,
    Blue = 4,
}

/// <summary><c>bool</c>, enum and <c>char</c> fields: Seen@0, Color@1, Letter@2, Delta@4, size 6.</summary>
public struct Marks
{
    public bool Seen;
    public Color Color;
    public char Letter;
    public short Delta;
}

/// <summary>A nested struct as a map value: Inner@0, two bytes of padding, Total@8, size 12.</summary>
public struct Tally
{
    public Marks Inner;
    public uint Total;
}

/// <summary>
/// C# rules C spells differently: shift counts masked to the operand width (<c>x &lt;&lt; n</c> is
/// <c>x &lt;&lt; (n &amp; 31)</c>), <c>static readonly</c> primitives, <see cref="BinaryPrimitives.ReverseEndianness(ulong)"/>,
/// <c>nint</c>, and <c>bool</c>/enum/<c>char</c> fields of a nested map value updated through a pointer.
/// Results are written into the frame.
/// </summary>
public static unsafe partial class ImplicitSemantics
{
    public const int InputOffset = 16;
    public const int ResultOffset = 56;
    public const int ResultCount = 16;

    static readonly uint Magic = 0xA5A50F0F;
    static readonly int ShiftBias = 3;
    const long Smallest = long.MinValue;

    static readonly HashMap<uint, Tally> Tallies = new(maxEntries: 256);

    [Xdp]
    public static XdpAction Shifts(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + ResultOffset + ResultCount * sizeof(long) > ctx.DataEnd) return XdpAction.Pass;
        byte* p = data + InputOffset;
        int a = *(int*)p;
        uint b = *(uint*)(p + 4);
        long c = *(long*)(p + 8);
        ulong d = *(ulong*)(p + 16);
        byte n = p[24];
        byte m = p[25];
        short s = *(short*)(p + 26);
        ushort u = *(ushort*)(p + 28);
        nint w = *(nint*)(p + 32);
        long* r = (long*)(data + ResultOffset);

        r[0] = a << n;
        r[1] = b >> n;
        r[2] = c << m;
        r[3] = (long)(d >> m);
        r[4] = a >> (n + ShiftBias);
        r[5] = s << n;
        r[6] = (long)BinaryPrimitives.ReverseEndianness(d);
        r[7] = BinaryPrimitives.ReverseEndianness(u);
        r[8] = BinaryPrimitives.ReverseEndianness(a);
        r[9] = b ^ Magic;
        r[10] = unchecked(w * 3 - a);
        r[11] = c == Smallest ? 1 : c < 0 ? -1 : 0;
        r[12] = (long)((nuint)w >> 1);
        r[15] = (sbyte)n * (long)(short)u;

        uint key = (uint)(u & 0xFF);
        Tally* t = Tallies.Lookup(key);
        if (t == null)
        {
            var fresh = new Tally
            {
                Inner = new Marks { Seen = true, Color = (Color)(m & 7), Letter = (char)('a' + n % 26), Delta = s },
                Total = b,
            };
            r[13] = Tallies.Update(key, fresh);
            r[14] = -1;
            return XdpAction.Pass;
        }
        t->Inner.Seen = !t->Inner.Seen;
        t->Inner.Color |= (Color)(m & 7);
        t->Inner.Letter++;
        t->Inner.Delta -= s;
        t->Total += b;
        r[13] = t->Total;
        r[14] = t->Inner.Letter + (t->Inner.Seen ? 1000 : 0) + t->Inner.Delta * 100000L;
        return (t->Inner.Color & Color.Blue) != 0 ? XdpAction.Drop : XdpAction.Pass;
    }
}
