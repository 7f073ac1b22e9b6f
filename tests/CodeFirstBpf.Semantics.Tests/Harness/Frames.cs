namespace CodeFirstBpf.Semantics.Tests.Harness;

/// <summary>
/// Deterministic frame corpora. Programs under test read their inputs from packet bytes, so a
/// few hundred varied frames exercise a construct over many values without any constant the
/// optimiser could fold.
/// </summary>
public static class Frames
{
    /// <summary>
    /// Frames for XDP runs: pseudo-random bytes of lengths 14..128, frames whose every byte is an
    /// edge value (0, 1, 0x7f, 0x80, 0xff), and real-looking Ethernet/IPv4/UDP/TCP frames.
    /// </summary>
    public static IReadOnlyList<byte[]> Xdp { get; } = Build(minLength: 14, randomCount: 240);

    /// <summary>
    /// Frames for TC runs: the kernel refuses BPF_PROG_TEST_RUN of an skb program on frames shorter
    /// than Ethernet + IPv4 (EINVAL), so every frame is at least 64 bytes with an IPv4 EtherType.
    /// </summary>
    public static IReadOnlyList<byte[]> Tc { get; } = Build(minLength: 64, randomCount: 160).Select(AsIpv4).ToArray();

    /// <summary>Deterministic pseudo-random frames of <paramref name="minLength"/>..128 bytes from <paramref name="seed"/>.</summary>
    public static byte[][] Random(int count, int seed, int minLength = 14)
    {
        var rng = new System.Random(seed);
        var frames = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            var f = new byte[rng.Next(minLength, 129)];
            rng.NextBytes(f);
            frames[i] = f;
        }
        return frames;
    }

    /// <summary>A 64-byte frame whose bytes are 0 except those given (offset, value).</summary>
    public static byte[] With(params (int Offset, byte Value)[] bytes)
    {
        var f = new byte[64];
        foreach (var (o, v) in bytes) f[o] = v;
        return f;
    }

    private static byte[][] Build(int minLength, int randomCount)
    {
        var frames = new List<byte[]>(Random(randomCount, seed: 0x5EED, minLength));
        foreach (byte edge in new byte[] { 0x00, 0x01, 0x02, 0x7f, 0x80, 0xfe, 0xff })
            frames.Add(Enumerable.Repeat(edge, 64).ToArray());
        // Alternating extremes: mixed-sign operands for every width.
        frames.Add(Enumerable.Range(0, 96).Select(i => (byte)(i % 2 == 0 ? 0x80 : 0x7f)).ToArray());
        frames.Add(Enumerable.Range(0, 96).Select(i => (byte)(i % 3 == 0 ? 0xff : i)).ToArray());
        frames.Add(Enumerable.Range(0, 128).Select(i => (byte)i).ToArray());
        frames.Add(Enumerable.Range(0, 128).Select(i => (byte)(255 - i)).ToArray());
        for (int proto = 0; proto < 3; proto++)
            for (int v = 0; v < 8; v++)
                frames.Add(Ipv4Frame(proto == 0 ? (byte)17 : proto == 1 ? (byte)6 : (byte)1, (byte)(v * 37), (ushort)(1000 + v * 7919)));
        return frames.Where(f => f.Length >= minLength).ToArray();
    }

    /// <summary>Ethernet + IPv4 + a UDP/TCP/ICMP header and some payload, 74 bytes.</summary>
    public static byte[] Ipv4Frame(byte protocol, byte seed, ushort port)
    {
        var f = new byte[74];
        for (int i = 0; i < 6; i++) { f[i] = (byte)(0x02 + i); f[6 + i] = (byte)(0x10 + i + seed); }
        f[12] = 0x08; f[13] = 0x00;
        f[14] = 0x45; f[15] = seed;
        f[16] = 0; f[17] = 60;
        f[18] = seed; f[19] = (byte)(seed * 3);
        f[22] = 64; f[23] = protocol;
        f[26] = 10; f[27] = 0; f[28] = seed; f[29] = 1;
        f[30] = 192; f[31] = 168; f[32] = 1; f[33] = (byte)(seed + 2);
        f[34] = (byte)(port >> 8); f[35] = (byte)port;
        f[36] = (byte)(port >> 3); f[37] = (byte)(port * 5);
        for (int i = 38; i < f.Length; i++) f[i] = (byte)(i * seed + 11);
        return f;
    }

    private static byte[] AsIpv4(byte[] frame)
    {
        var f = (byte[])frame.Clone();
        f[12] = 0x08; f[13] = 0x00;
        f[14] = 0x45;
        return f;
    }
}
