using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Constructs;

/// <summary>
/// Every integer operator over every integer width, with operands from packet bytes: shifts by
/// large counts, negation, mixed-signedness comparisons, narrowing and widening conversions,
/// signed <c>/</c> and <c>%</c> with nonzero divisors.
/// </summary>
public class IntegerSemanticsTests
{
    // Operands of every width from distinct packet offsets (unaligned loads are fine in XDP).
    private const string Inputs = """
        byte u8 = d[20]; sbyte s8 = (sbyte)d[21];
        short s16 = *(short*)(d + 22); ushort u16 = *(ushort*)(d + 24);
        int s32 = *(int*)(d + 26); uint u32 = *(uint*)(d + 30);
        long s64 = *(long*)(d + 34); ulong u64 = *(ulong*)(d + 42);
        char ch = (char)*(ushort*)(d + 50);
        int n = d[52]; int m = d[53];
        """;

    [SkippableFact]
    public void Arithmetic_and_bitwise_operators_of_every_width()
        => Snippets.AssertAgrees(Snippets.Xdp(Inputs + """
            Out.Update(0, (ulong)(u8 + s8));
            Out.Update(1, (ulong)(s8 * s16));
            Out.Update(2, (ulong)(u16 - s16));
            Out.Update(3, (ulong)(s32 * u16 + s8));
            Out.Update(4, (ulong)(u32 * u32 - s32));
            Out.Update(5, (ulong)(s64 * s32 - u32));
            Out.Update(6, u64 * u64 + (ulong)s8);
            Out.Update(7, (ulong)(ch + u8));
            Out.Update(8, (ulong)(-s8)); Out.Update(9, (ulong)(-s16)); Out.Update(10, (ulong)(-s32)); Out.Update(11, (ulong)(-u32));
            Out.Update(12, (ulong)(-s64)); Out.Update(13, (ulong)(-ch)); Out.Update(14, (ulong)(-u8));
            """));

    // A separate program: one with ~30 map updates overflows the 512-byte BPF stack.
    [SkippableFact]
    public void Bitwise_and_compound_operators_of_every_width()
        => Snippets.AssertAgrees(Snippets.Xdp(Inputs + """
            Out.Update(15, (ulong)(~u8)); Out.Update(16, (ulong)(~s8)); Out.Update(17, (ulong)(~u16)); Out.Update(18, ~u64);
            Out.Update(19, (ulong)(s8 & u16)); Out.Update(20, (ulong)(s16 | u8)); Out.Update(21, (ulong)(s32 ^ s64));
            Out.Update(22, (ulong)(u32 & (uint)s8)); Out.Update(23, u64 ^ (ulong)s16);
            byte b2 = u8; b2 += 200; sbyte sb2 = s8; sb2 -= 100; short sh2 = s16; sh2 *= 3; ushort us2 = u16; us2++;
            Out.Update(24, b2); Out.Update(25, (ulong)sb2); Out.Update(26, (ulong)sh2); Out.Update(27, us2);
            char c2 = ch; c2 += (char)7; c2--; Out.Update(28, c2);
            """));

    [SkippableFact]
    public void Shifts_mask_their_counts_like_csharp()
        => Snippets.AssertAgrees(Snippets.Xdp(Inputs + """
            Out.Update(0, (ulong)(u8 << n)); Out.Update(1, (ulong)(s8 >> n)); Out.Update(2, (ulong)(s16 << m));
            Out.Update(3, (ulong)(u16 >> m)); Out.Update(4, (ulong)(s32 >> n)); Out.Update(5, u32 << n);
            Out.Update(6, u32 >> m); Out.Update(7, (ulong)(s64 >> n)); Out.Update(8, u64 << m); Out.Update(9, u64 >> n);
            Out.Update(10, (ulong)(s32 >>> n)); Out.Update(11, (ulong)(s64 >>> m)); Out.Update(12, (ulong)(ch << n));
            Out.Update(13, u32 << 33); Out.Update(14, u64 >> 65); Out.Update(15, (ulong)(s32 >> 40));
            Out.Update(16, (ulong)(s8 << -1)); Out.Update(17, u32 >> (n - 300));
            uint acc = u32; acc <<= n; acc >>= m; Out.Update(18, acc);
            long sacc = s64; sacc >>= n; sacc <<= m; Out.Update(19, (ulong)sacc);
            """));

    [SkippableFact]
    public void Comparisons_of_mixed_signedness()
        => Snippets.AssertAgrees(Snippets.Xdp(Inputs + """
            ulong bits = 0;
            if (s8 < u8) bits |= 1; if (s16 > u16) bits |= 2; if (s32 < u32) bits |= 4; if (s64 > (long)u32) bits |= 8;
            if (s8 < 0) bits |= 16; if (u32 > 0x80000000u) bits |= 32; if ((int)u32 < 0) bits |= 64; if (ch > 0x8000) bits |= 128;
            if (s32 <= s16) bits |= 256; if (u64 >= (ulong)s64) bits |= 512; if (s8 == -1) bits |= 1024; if (u16 != (ushort)s16) bits |= 2048;
            if ((ulong)s8 > 1000) bits |= 4096; if ((uint)s16 < 100) bits |= 8192; if (s64 < s32) bits |= 16384; if (u8 > ch) bits |= 32768;
            Out.Update(0, bits);
            Out.Update(1, s32 < u32 ? 1ul : 2ul);
            Out.Update(2, (ulong)(u8 > s8 ? (int)u8 : s8));
            """));

    [SkippableFact]
    public void Conversions_narrowing_and_widening()
        => Snippets.AssertAgrees(Snippets.Xdp(Inputs + """
            Out.Update(0, (ulong)(sbyte)u32); Out.Update(1, (ulong)(byte)s64); Out.Update(2, (ulong)(short)u64);
            Out.Update(3, (ulong)(ushort)s8); Out.Update(4, (ulong)(int)u64); Out.Update(5, (ulong)(uint)s8);
            Out.Update(6, (ulong)(long)u32); Out.Update(7, (ulong)s32); Out.Update(8, (ulong)(char)s8);
            Out.Update(9, (ulong)(long)(int)s16); Out.Update(10, (ulong)(uint)(ushort)s16); Out.Update(11, (ulong)(nint)s32);
            Out.Update(12, (ulong)(nuint)s32); Out.Update(13, (ulong)(sbyte)(byte)(s16 >> 3)); Out.Update(14, (ulong)(short)ch);
            Out.Update(15, (ulong)(int)(sbyte)u8 * 3);
            """));

    [SkippableTheory]
    [InlineData("v1")]
    [InlineData("v3")]
    [InlineData("v4")]
    public void Low_half_of_a_64_bit_local_or_call_widened_again(string cpu)
        // "(uint)x" of a long local or call result that goes back into 64 bits is a 32-bit move on
        // v3+ (IrSupport.LowHalf) and a mask below; both keep exactly the low 32 bits, sign or not.
        => Snippets.AssertAgrees(Snippets.Xdp(Inputs + """
            long neg = -s64 - 1;
            Out.Update(0, (uint)s64); Out.Update(1, (ulong)(uint)u64); Out.Update(2, (uint)neg);
            Out.Update(3, (ulong)(int)s64); Out.Update(4, (ulong)(long)(int)neg);
            Out.Update(5, (uint)Mix(s64, u64)); Out.Update(6, (ulong)(long)(int)Mix(neg, u64));
            ulong sum = (uint)s64 + (ulong)(uint)neg;
            Out.Update(7, sum);
            uint low = (uint)u64;
            Out.Update(8, low * 3u);
            """, members: """
            static long Mix(long a, ulong b) => a ^ (long)(b << 7);
            """), cpu);

    [SkippableTheory]
    [InlineData("v1")]
    [InlineData("v3")]
    [InlineData("v4")]
    public void Signed_division_and_remainder_with_nonzero_divisors(string cpu)
        => Snippets.AssertAgrees(Snippets.Xdp(Inputs + """
            int q8 = s8 | 1; if (q8 == -1) q8 = 3;
            int q16 = s16 | 1; if (q16 == -1) q16 = 5;
            long q32 = s32 | 1; if (q32 == -1) q32 = 7;
            Out.Update(0, (ulong)(s32 / q8)); Out.Update(1, (ulong)(s32 % q8));
            Out.Update(2, (ulong)(s16 / q8)); Out.Update(3, (ulong)(s8 % q16));
            Out.Update(4, (ulong)(s64 / q32)); Out.Update(5, (ulong)(s64 % q32));
            Out.Update(6, (ulong)(s32 / q16)); Out.Update(7, (ulong)(s32 % q16));
            Out.Update(8, u32 / (u8 | 1u)); Out.Update(9, u64 % (u16 | 1u));
            Out.Update(10, (ulong)(s8 / 3)); Out.Update(11, (ulong)(s32 % -7)); Out.Update(12, (ulong)(s64 / -9));
            Out.Update(13, (ulong)(u32 / (uint)q8)); Out.Update(14, (ulong)((int)u32 / q16));
            int acc = s32; acc /= q8; acc %= q16 == 0 ? 1 : q16; Out.Update(15, (ulong)acc);
            """), cpu);
}
