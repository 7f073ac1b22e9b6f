using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>Operands read from the frame: every integer width, signed and unsigned (two bytes of padding before <see cref="A32"/>).</summary>
public struct ArithInput
{
    public sbyte A8;
    public byte B8;
    public short A16;
    public ushort B16;
    public int A32;
    public uint B32;
    public long A64;
    public ulong B64;
}

/// <summary>
/// Integer semantics: reads operands of every width from the frame, computes C# expressions whose
/// results depend on promotion, sign extension, truncation, signed vs unsigned compare and shift,
/// wraparound and unsigned division, and writes each result back into the frame as a
/// <c>long</c> (so every frame's output shows them), summing them into an array map too.
/// Signed division is left out on purpose: it needs BpfCpu v4.
/// </summary>
public static unsafe partial class IntegerOps
{
    public const int InputOffset = 16;
    public const int ResultOffset = InputOffset + 32;
    public const int ResultCount = 32;

    static readonly ArrayMap<long> Sums = new(maxEntries: ResultCount);

    [Xdp]
    public static XdpAction Arith(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + ResultOffset + ResultCount * sizeof(long) > ctx.DataEnd) return XdpAction.Pass;

        var input = (ArithInput*)(data + InputOffset);
        ArithInput v = *input;
        long* r = (long*)(data + ResultOffset);

        r[0] = v.A8 + v.A16;
        r[1] = unchecked(v.A32 * v.A16);
        r[2] = v.A64 - v.A32;
        r[3] = v.A32 >> (v.B8 & 31);
        r[4] = v.B32 >> (v.B8 & 31);
        r[5] = v.A64 >> (v.B8 & 63);
        r[6] = (long)(v.B64 >> (v.B8 & 63));
        r[7] = v.A16 << (v.B8 & 15);
        r[8] = (short)(v.A16 << 4);
        r[9] = (sbyte)input->A32;
        r[10] = (byte)(v.B8 + 200);
        r[11] = (ushort)(v.B16 * 3);
        r[12] = v.B32 - 5u;
        r[13] = (long)(v.B64 * 0x9E3779B97F4A7C15UL);
        r[14] = v.A32 < v.B16 ? 1 : 0;
        r[15] = v.A32 < v.B32 ? 1 : 0;
        r[16] = v.A64 < (long)v.B64 ? 1 : 0;
        r[17] = v.A8 > v.A16 ? -1 : 1;
        r[18] = (uint)v.A8;
        r[19] = (long)((ulong)v.A16 >> 1);
        r[20] = (int)v.A64;
        r[21] = (long)v.B32 * -3;
        r[22] = v.B32 / (v.B16 | 1u);
        r[23] = (long)(v.B64 % (v.B32 | 1UL));
        r[24] = -v.A8;
        r[25] = ~v.B16;
        r[26] = v.A32 ^ v.B32;
        r[27] = unchecked(v.A32 + int.MaxValue);
        r[28] = (v.B32 << 7) | (v.B32 >> 25);
        r[29] = unchecked(v.A16 * v.A16 * v.A16);
        r[30] = (char)(v.B16 + 1);
        byte x = v.B8;
        x += 250;
        x <<= 1;
        sbyte y = input->A8;
        y -= 100;
        y >>= 1;
        r[31] = x * 1000 + y;

        for (uint i = 0; i < ResultCount; i++)
        {
            long* slot = r + i;
            if (slot + 1 > ctx.DataEnd) break;
            long value = *slot;
            long* sum = Sums.Lookup(i);
            if (sum != null) *sum += value;
        }
        return (XdpAction)(v.B8 & 3);
    }
}
