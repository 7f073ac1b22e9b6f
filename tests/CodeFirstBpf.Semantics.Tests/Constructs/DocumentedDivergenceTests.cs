using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Constructs;

/// <summary>
/// Semantics that differ from .NET by design (README "Limitations"): BPF division by zero gives 0,
/// remainder by zero gives the dividend, and <c>MinValue / -1</c> wraps. .NET throws for these, so
/// only the kernel runs, against the documented values, for every <c>BpfCpu</c> (below v4 signed
/// division is built from unsigned instructions, so each level is its own code path). Divisors
/// come from the packet so nothing is constant-folded.
/// </summary>
public class DocumentedDivergenceTests
{
    private const string Program = """
        uint x = *(uint*)(d + 20); uint z = *(uint*)(d + 24);
        int sx = *(int*)(d + 28); int sz = *(int*)(d + 32);
        ulong X = *(ulong*)(d + 36); ulong Z = *(ulong*)(d + 44);
        long SX = *(long*)(d + 36); long SZ = *(long*)(d + 44);
        Out.Update(0, x / z); Out.Update(1, x % z);
        Out.Update(2, (ulong)(sx / sz)); Out.Update(3, (ulong)(sx % sz));
        Out.Update(4, X / Z); Out.Update(5, X % Z);
        Out.Update(6, (ulong)(SX / SZ)); Out.Update(7, (ulong)(SX % SZ));
        uint r = 0;
        if (z == 0) r = 1000u / z + 1;
        Out.Update(8, r);
        int sr = 0;
        if (sz == 0) sr = -1000 / sz + 1;
        Out.Update(9, (ulong)sr);
        """;

    private static byte[] Frame(uint x, uint z, int sx, int sz, ulong bigX, ulong bigZ)
    {
        var f = new byte[64];
        BitConverter.GetBytes(x).CopyTo(f, 20); BitConverter.GetBytes(z).CopyTo(f, 24);
        BitConverter.GetBytes(sx).CopyTo(f, 28); BitConverter.GetBytes(sz).CopyTo(f, 32);
        BitConverter.GetBytes(bigX).CopyTo(f, 36); BitConverter.GetBytes(bigZ).CopyTo(f, 44);
        return f;
    }

    private static void Check(string cpu, byte[][] frames, Func<byte[], ulong[]> expected, int count)
    {
        Kernel.Require();
        using var s = SnippetCompiler.Compile(Snippets.Xdp(Program), cpu);
        var results = s.KernelOnly(frames);
        var failures = new List<string>();
        for (int i = 0; i < frames.Length; i++)
        {
            ulong[] want = expected(frames[i]);
            for (int k = 0; k < count; k++)
                if (results[i][k] != want[k])
                    failures.Add($"frame {i}: Out[{k}] kernel 0x{results[i][k]:x} ({(long)results[i][k]}), documented 0x{want[k]:x} ({(long)want[k]})");
        }
        Assert.True(failures.Count == 0, $"BpfCpu={cpu}: {failures.Count} values differ from the documented semantics:\n  " +
            string.Join("\n  ", failures.Take(12)) + "\n" + s.Describe());
    }

    [SkippableTheory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    [InlineData("v4")]
    public void Division_by_zero_is_zero_and_remainder_by_zero_is_the_dividend(string cpu)
    {
        var frames = new[]
        {
            Frame(0, 0, 0, 0, 0, 0),
            Frame(1234567, 0, -1234567, 0, 0xdead_beef_cafe_f00d, 0),
            Frame(uint.MaxValue, 0, int.MinValue, 0, ulong.MaxValue, 0),
            Frame(7, 0, int.MaxValue, 0, 0x8000_0000_0000_0000, 0),
            Frame(0x80000000, 0, -1, 0, 1, 0),
        };
        Check(cpu, frames, f =>
        {
            uint x = BitConverter.ToUInt32(f, 20); int sx = BitConverter.ToInt32(f, 28);
            ulong bigX = BitConverter.ToUInt64(f, 36);
            return [0, x, 0, (ulong)(long)sx, 0, bigX, 0, bigX, 1, 1];
        }, count: 10);
    }

    [SkippableTheory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("v3")]
    [InlineData("v4")]
    public void MinValue_divided_by_minus_one_wraps_and_its_remainder_is_zero(string cpu)
    {
        var frames = new[]
        {
            Frame(5, 1, int.MinValue, -1, unchecked((ulong)long.MinValue), ulong.MaxValue),
            Frame(9, 2, int.MinValue, -1, unchecked((ulong)long.MinValue), ulong.MaxValue),
        };
        // Out[2]/[3] are the 32-bit pair, Out[6]/[7] the 64-bit pair; the unsigned slots are
        // ordinary divisions (x / z with z ≠ 0, and X / ulong.MaxValue).
        Check(cpu, frames, f =>
        {
            uint x = BitConverter.ToUInt32(f, 20); uint z = BitConverter.ToUInt32(f, 24);
            ulong bigX = BitConverter.ToUInt64(f, 36);
            return [x / z, x % z, unchecked((ulong)(long)int.MinValue), 0, bigX / ulong.MaxValue, bigX % ulong.MaxValue, unchecked((ulong)long.MinValue), 0, 0, 0];
        }, count: 10);
    }
}
