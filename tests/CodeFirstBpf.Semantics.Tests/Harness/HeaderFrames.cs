namespace CodeFirstBpf.Semantics.Tests.Harness;

/// <summary>Hand-built IPv6 (with extension headers), ARP and GRE frames for <c>HeaderTests</c>, plus truncations of each.</summary>
public static class HeaderFrames
{
    private static readonly byte[] s_macs = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };

    public static IReadOnlyList<byte[]> Ipv6()
    {
        var frames = new List<byte[]>();
        byte[] hbh = { 43, 0, 1, 4, 0, 0, 0, 0 };                              // -> routing, 8 bytes
        byte[] routing = { 44, 1, 0, 0, 0, 0, 0, 0, 9, 9, 9, 9, 9, 9, 9, 9 }; // -> fragment, 16 bytes
        byte[] fragment = { 58, 0, 0x05, 0x39, 0xDE, 0xAD, 0xBE, 0xEF };     // -> ICMPv6, offset 0x538 | M
        byte[] echo = { 128, 0, 0x12, 0x34, 0x00, 0x07, 0x00, 0x2A };
        byte[] reply = { 129, 0, 0x12, 0x34, 0x00, 0x07, 0x00, 0x2B };
        frames.Add(Ipv6Frame(0, Concat(hbh, routing, fragment, echo)));
        frames.Add(Ipv6Frame(44, Concat(fragment, reply)));
        frames.Add(Ipv6Frame(58, echo));
        frames.Add(Ipv6Frame(60, Concat(new byte[] { 58, 0, 1, 2, 3, 4, 5, 6 }, reply)));
        frames.Add(Ipv6Frame(0, Concat(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 }, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 },
            new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 }, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 }, new byte[] { 58, 0, 0, 0, 0, 0, 0, 0 }, echo)));
        frames.Add(Ipv6Frame(6, new byte[20]));
        frames.Add(Ipv6Frame(0, new byte[] { 58, 200, 0, 0 }));               // a length that runs off the end
        return WithTruncations(frames);
    }

    public static IReadOnlyList<byte[]> Arp()
    {
        var frames = new List<byte[]>();
        for (ushort op = 1; op <= 2; op++)
            frames.Add(Concat(s_macs, new byte[] { 0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, (byte)op,
                0x02, 0xAA, 0xBB, 0xCC, 0xDD, (byte)(0xE0 + op), 10, 0, 0, (byte)op,
                0, 0, 0, 0, 0, 0, 192, 168, 7, 77 }, new byte[18]));
        return WithTruncations(frames);
    }

    public static IReadOnlyList<byte[]> Gre()
    {
        var frames = new List<byte[]>();
        byte[] inner = { 0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 1, 1, 1, 172, 16, 5, 9 };
        frames.Add(GreFrame(new byte[] { 0x30, 0x00, 0x08, 0x00, 0, 0, 0x10, 0x01, 0, 0, 0, 42 }, inner)); // K+S
        frames.Add(GreFrame(new byte[] { 0xB0, 0x00, 0x08, 0x00, 0xAB, 0xCD, 0, 0, 0, 0, 0, 5, 0, 0, 0, 6 }, inner)); // C+K+S
        frames.Add(GreFrame(new byte[] { 0x00, 0x00, 0x86, 0xDD }, new byte[40]));
        frames.Add(GreFrame(new byte[] { 0x20, 0x01, 0x88, 0x0B, 0x12, 0x34, 0x56, 0x78 }, new byte[8]));    // version 1
        return WithTruncations(frames);
    }

    private static byte[] Ipv6Frame(byte next, byte[] payload)
    {
        var ip6 = new byte[40];
        ip6[0] = 0x60; ip6[4] = (byte)(payload.Length >> 8); ip6[5] = (byte)payload.Length; ip6[6] = next; ip6[7] = 64;
        for (int i = 8; i < 40; i++) ip6[i] = (byte)i;
        return Concat(s_macs, new byte[] { 0x86, 0xDD }, ip6, payload);
    }

    private static byte[] GreFrame(byte[] gre, byte[] inner)
    {
        byte[] ip = { 0x45, 0, 0, 0, 0, 0, 0, 0, 64, 47, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2 };
        return Concat(s_macs, new byte[] { 0x08, 0x00 }, ip, gre, inner);
    }

    private static IReadOnlyList<byte[]> WithTruncations(List<byte[]> frames)
    {
        var all = new List<byte[]>(frames);
        foreach (var f in frames)
            for (int cut = 14; cut < f.Length; cut += 7) all.Add(f[..cut]);
        return all;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
