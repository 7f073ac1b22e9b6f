namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// Incremental Internet-checksum updates (RFC 1624, eqn. 3), shared by several programs: a user
/// helper class outside the program class, inlined into each caller. Words are used exactly as
/// they sit in the packet; one's-complement sums do not depend on byte order.
/// </summary>
public static class Checksum
{
    /// <summary>The checksum after a 16-bit word of the covered data changed from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static ushort Replace16(ushort check, ushort from, ushort to)
    {
        uint sum = (uint)(ushort)~check + (ushort)~from + to;
        return (ushort)~Fold(sum);
    }

    /// <summary>The checksum after a 32-bit word changed.</summary>
    public static ushort Replace32(ushort check, uint from, uint to)
    {
        uint sum = (uint)(ushort)~check;
        sum += (ushort)~(from >> 16) + (uint)(ushort)~from;
        sum += (to >> 16) + (to & 0xFFFF);
        return (ushort)~Fold(sum);
    }

    /// <summary>Folds a 32-bit one's-complement sum to 16 bits.</summary>
    public static ushort Fold(uint sum)
    {
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }
}
