namespace CodeFirstBpf;

/// <summary>
/// The kernel's one's-complement checksum arithmetic (<c>include/net/checksum.h</c>), used by the
/// .NET stand-ins of the checksum helpers so a .NET run rewrites packets bit for bit as the kernel does.
/// Values are 16- and 32-bit words exactly as they sit in the packet.
/// </summary>
internal static class Checksums
{
    public static uint Add(uint sum, uint addend)
    {
        sum += addend;
        return sum + (sum < addend ? 1u : 0u);
    }

    public static uint Sub(uint sum, uint addend) => Add(sum, ~addend);

    /// <summary><c>csum_fold</c>: 32 bits folded to 16 and inverted.</summary>
    public static ushort Fold(uint sum)
    {
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary><c>csum_from32to16</c>: 32 bits folded to 16, not inverted.</summary>
    public static ushort From32To16(uint x)
    {
        x += (x >> 16) | (x << 16);
        return (ushort)(x >> 16);
    }

    /// <summary><c>csum_replace4</c>.</summary>
    public static ushort Replace4(ushort check, uint from, uint to) => Fold(Add(Sub(~(uint)check, from), to));

    /// <summary><c>csum_replace2</c>, through <c>csum16_add</c>/<c>csum16_sub</c>.</summary>
    public static ushort Replace2(ushort check, ushort from, ushort to) => (ushort)~Add16(Add16((ushort)~check, (ushort)~from), to);

    /// <summary><c>csum_replace_by_diff</c>.</summary>
    public static ushort ReplaceByDiff(ushort check, uint diff) => Fold(Add(diff, ~(uint)check));

    private static ushort Add16(ushort sum, ushort addend)
    {
        ushort r = (ushort)(sum + addend);
        return (ushort)(r + (r < addend ? 1 : 0));
    }
}
