using System.Runtime.CompilerServices;
using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>Helpers whose names clash with <see cref="SecondParser"/>'s on purpose.</summary>
public static unsafe class FirstParser
{
    public static uint Key(byte* p) => (uint)(p[0] << 8 | p[1]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static uint Mix(uint x) => x * 3 + 1;
}

/// <summary>Same method names and signatures as <see cref="FirstParser"/>, different bodies.</summary>
public static unsafe class SecondParser
{
    public static uint Key(byte* p) => (uint)(p[2] << 16 | p[3]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static uint Mix(uint x) => x * 5 + 2;
}

/// <summary>
/// Ordinary C# naming: overloads of the same arity (inlined and <c>NoInlining</c>) and helpers
/// with the same name and signature in two classes. Each call must reach the method C# binds it
/// to; results are written into the frame and into an array map.
/// </summary>
public static unsafe partial class HelperNames
{
    public const int InputOffset = 14;
    public const int ResultOffset = 24;
    public const int ResultCount = 8;

    static readonly ArrayMap<ulong> Results = new(maxEntries: ResultCount);

    static uint Scale(uint x) => x * 2;

    static ulong Scale(ulong x) => x * 3 + 0x1_0000_0000UL;

    static int Scale(int x) => -x;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static uint Fold(uint x) => x ^ (x >> 16);

    [MethodImpl(MethodImplOptions.NoInlining)]
    static ulong Fold(ulong x) => x ^ (x >> 32) ^ 0xF0F0;

    [Xdp]
    public static XdpAction CallHelpers(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + ResultOffset + ResultCount * sizeof(ulong) > ctx.DataEnd) return XdpAction.Pass;
        byte* p = data + InputOffset;
        ulong* r = (ulong*)(data + ResultOffset);
        uint x = *(uint*)(p + 4);

        r[0] = FirstParser.Key(p);
        r[1] = SecondParser.Key(p);
        r[2] = FirstParser.Mix(x);
        r[3] = SecondParser.Mix(x);
        r[4] = Scale(x);
        r[5] = Scale((ulong)x);
        r[6] = (ulong)Scale((int)x);
        r[7] = Fold(x) + Fold((ulong)x << 8);

        for (uint i = 0; i < ResultCount; i++)
        {
            ulong* slot = r + i;
            if (slot + 1 > ctx.DataEnd) break;
            ulong value = *slot;
            ulong* sum = Results.Lookup(i);
            if (sum != null) *sum += value;
        }
        return (XdpAction)(r[2] % 3);
    }
}
