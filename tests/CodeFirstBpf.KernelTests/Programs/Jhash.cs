namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// jhash's final mix of three words (Bob Jenkins' lookup3 <c>final()</c>, as the kernel's
/// <c>jhash.h</c> has it), shared by the programs that hash flows; inlined into each caller.
/// <c>CTwins/jhash.h</c> is its C counterpart.
/// </summary>
public static class Jhash
{
    /// <summary>Rotates left by <paramref name="k"/> bits.</summary>
    public static uint Rol(uint x, int k) => (x << k) | (x >> (32 - k));

    /// <summary>The final mix of <paramref name="a"/>, <paramref name="b"/> and <paramref name="c"/>.</summary>
    public static uint Final(uint a, uint b, uint c)
    {
        c ^= b; c -= Rol(b, 14);
        a ^= c; a -= Rol(c, 11);
        b ^= a; b -= Rol(a, 25);
        c ^= b; c -= Rol(b, 16);
        a ^= c; a -= Rol(c, 4);
        b ^= a; b -= Rol(a, 14);
        c ^= b; c -= Rol(b, 24);
        return c;
    }
}
