using System.Buffers.Binary;
using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Idioms;

/// <summary>
/// <c>CsumFlags</c> on <c>L4CsumReplace</c>/<c>L3CsumReplace</c>, kernel against the .NET stand-ins:
/// a UDP DNAT (destination address rewritten, UDP and IPv4 checksums fixed) over frames built so the
/// UDP checksum folds to zero after the rewrite (<c>MarkMangled0</c> must write 0xFFFF), frames whose
/// UDP checksum is 0 ("none": left alone unless <c>MarkEnforce</c>), and every flag combination the
/// flag byte can spell, unknown bits and bad sizes included.
/// </summary>
public class ChecksumFlagTests
{
    private const int UdpCheck = 40, IpCheck = 24, DstIp = 30, NewIp = 56, L4Flags = 60, L3Flags = 61, Size = 62;

    private const string Dnat = """
        uint oldIp = *(uint*)(d + 30);
        uint newIp = *(uint*)(d + 56);
        CsumFlags l4 = (CsumFlags)(d[60] & 0xF0);
        CsumFlags l3 = (CsumFlags)(d[61] & 0x70);
        uint size = d[62];
        long r4 = ctx.L4CsumReplace(40, oldIp, newIp, size, l4);
        long r3 = ctx.L3CsumReplace(24, oldIp, newIp, 4, l3);
        byte* e = ctx.Data;
        if (e + 64 > ctx.DataEnd) return TcAction.Ok;
        *(uint*)(e + 30) = newIp;
        Out.Update(0, (ulong)r4);
        Out.Update(1, (ulong)r3);
        Out.Update(2, *(ushort*)(e + 40));
        Out.Update(3, *(ushort*)(e + 24));
        """;

    /// <summary>csum_replace4 as one's-complement arithmetic, only to construct inputs; the kernel judges the result.</summary>
    private static ushort Replace4(ushort check, uint from, uint to)
    {
        ulong s = (ushort)~check + (ulong)~from + to;
        while (s >> 16 != 0) s = (s & 0xFFFF) + (s >> 16);
        return (ushort)~s;
    }

    private static byte[] Frame(byte seed, ushort check, byte l4, byte l3 = 0, byte size = 4)
    {
        byte[] f = Frames.Ipv4Frame(17, seed, (ushort)(1000 + seed * 13));
        f[NewIp] = 10; f[NewIp + 1] = 1; f[NewIp + 2] = seed; f[NewIp + 3] = 3;
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(UdpCheck), check);
        f[L4Flags] = l4; f[L3Flags] = l3; f[Size] = size;
        return f;
    }

    /// <summary>A frame whose UDP checksum (non-zero) becomes exactly 0 after the address rewrite.</summary>
    private static byte[] FoldsToZero(byte seed, byte l4)
    {
        byte[] f = Frame(seed, 0, l4);
        uint from = BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(DstIp)), to = BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(NewIp));
        ushort check = (ushort)Enumerable.Range(1, 0xFFFF).First(c => Replace4((ushort)c, from, to) == 0);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(UdpCheck), check);
        return f;
    }

    private static readonly byte[] FlagBytes = { 0x00, 0x10, 0x20, 0x30, 0x40, 0x60, 0x70, 0x80, 0xB0, 0xF0 };

    private static IReadOnlyList<byte[]> Corpus()
    {
        var frames = new List<byte[]>();
        for (byte seed = 1; seed <= 4; seed++)
            foreach (byte l4 in FlagBytes)
            {
                frames.Add(FoldsToZero(seed, l4));
                frames.Add(Frame(seed, 0, l4));
                frames.Add(Frame(seed, (ushort)(0x1234 * seed), l4, l3: (byte)(seed == 4 ? 0x10 : 0)));
            }
        foreach (byte size in new byte[] { 0, 1, 2, 3, 5, 8, 0x12 })
            frames.Add(Frame(7, 0x4321, 0x20, size: size));
        return frames;
    }

    [SkippableFact]
    public void Every_flag_combination_agrees_with_the_kernel()
        => Snippets.AssertAgrees(Snippets.Tc(Dnat), frames: Corpus());

    [SkippableFact]
    public void MarkMangled0_writes_0xFFFF_for_a_checksum_that_folds_to_zero_and_leaves_a_zero_checksum_alone()
    {
        Kernel.Require();
        using var s = SnippetCompiler.Compile(Snippets.Tc(Dnat), "v3");
        byte[][] frames =
        {
            FoldsToZero(1, 0x10),        // PseudoHeader: the fold gives 0
            FoldsToZero(1, 0x30),        // PseudoHeader | MarkMangled0: 0 is written as CSUM_MANGLED_0
            Frame(2, 0, 0x30),           // UDP "no checksum" with MarkMangled0: untouched
            Frame(2, 0, 0x70),           // ... unless MarkEnforce: updated
            Frame(2, 0, 0x10),           // without MarkMangled0 a zero checksum is updated like any other
        };
        var kernel = s.KernelOnly(frames);
        Assert.Equal(0ul, kernel[0][0]);
        Assert.Equal(0ul, kernel[0][2]);
        Assert.Equal(0xFFFFul, kernel[1][2]);
        Assert.Equal(0ul, kernel[2][2]);
        Assert.NotEqual(0ul, kernel[3][2]);
        Assert.Equal(kernel[4][2], kernel[3][2]);
        s.AssertAgrees(frames);
    }

    [SkippableFact]
    public void L3CsumReplace_rejects_every_flag_as_the_kernel_does()
    {
        Kernel.Require();
        using var s = SnippetCompiler.Compile(Snippets.Tc(Dnat), "v3");
        byte[][] frames = { Frame(3, 0x1111, 0, l3: 0x10), Frame(3, 0x1111, 0, l3: 0x20), Frame(3, 0x1111, 0, l3: 0) };
        var kernel = s.KernelOnly(frames);
        Assert.Equal(unchecked((ulong)-22L), kernel[0][1]);
        Assert.Equal(unchecked((ulong)-22L), kernel[1][1]);
        Assert.Equal(0ul, kernel[2][1]);
        s.AssertAgrees(frames);
    }
}
