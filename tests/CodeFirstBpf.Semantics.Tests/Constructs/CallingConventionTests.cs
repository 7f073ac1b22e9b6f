using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Constructs;

/// <summary>
/// BPF-to-BPF calls with narrow parameters: bool, byte, ushort and char go <c>zeroext</c>, sbyte
/// and short <c>signext</c>, as clang passes them; the callee relies on the caller's extension, so
/// negative and high-bit values from the frame must arrive whole.
/// </summary>
public sealed class CallingConventionTests
{
    [SkippableFact]
    public void Narrow_parameters_arrive_extended()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Out.Update(0, Narrow(d[20] > 0x80, (sbyte)d[21], (short)((d[22] << 8) | d[23]), d[24], (char)d[25]));
            Out.Update(1, Narrow((d[26] & 1) != 0, (sbyte)(d[27] - 200), (short)-d[28], (byte)(d[29] + d[30]), (char)(d[31] << 9)));
            Out.Update(2, Wide((ushort)(d[32] * 300), (short)(d[33] * 200)));
            """, members: """
            [MethodImpl(MethodImplOptions.NoInlining)]
            static ulong Narrow(bool flag, sbyte s, short w, byte b, char c)
                => (ulong)(long)(flag ? s : w) ^ ((ulong)b << 40) ^ ((ulong)c << 20) ^ (flag ? 1UL : 0UL);

            [MethodImpl(MethodImplOptions.NoInlining)]
            static ulong Wide(ushort u, short s) => (ulong)(long)(u + s) + (ulong)(long)s * 3;
            """));
}
