using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Idioms;

/// <summary>
/// Block copies and fills with constant sizes (SPEC §7.1), kernel against .NET: packet bytes into a
/// stack struct, fills and clears of stack and packet bytes, map value to map value, and the
/// overlapping copies .NET defines (<c>Buffer.MemoryCopy</c>, <c>NativeMemory.Copy</c> and
/// <c>Span.CopyTo</c> copy as if through a temporary: they lower to <c>memmove</c>).
/// <c>Unsafe.CopyBlock</c> with overlapping regions is unspecified in .NET and is not tested.
/// </summary>
public class BlockCopyTests
{
    private const string Types = """
        public struct Hdr { public ulong A; public uint B; public ushort C; public byte D, E; }
        public unsafe struct Blob { public fixed byte B[40]; }
        """;

    private const string Report = """
        Out.Update(0, h.A); Out.Update(1, h.B); Out.Update(2, h.C); Out.Update(3, h.D); Out.Update(4, h.E);
        """;

    [SkippableFact]
    public void Unsafe_CopyBlock_copies_packet_bytes_into_a_stack_struct()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Hdr h = default;
            Unsafe.CopyBlock(&h, d + 14, (uint)sizeof(Hdr));
            Hdr g = default;
            Unsafe.CopyBlockUnaligned(ref *(byte*)&g, ref d[3], 11);
            Out.Update(5, g.A ^ g.B ^ g.C ^ g.D ^ g.E);
            """ + Report, types: Types));

    [SkippableFact]
    public void Buffer_MemoryCopy_and_NativeMemory_Copy_copy_packet_bytes_into_a_stack_struct()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Hdr h = default;
            Buffer.MemoryCopy(d + 20, &h, sizeof(Hdr), 13);
            Hdr g = default;
            NativeMemory.Copy(d + 1, &g, (nuint)sizeof(Hdr));
            Out.Update(5, g.A); Out.Update(6, g.B | (ulong)g.E << 32);
            """ + Report, types: Types));

    [SkippableFact]
    public void Span_CopyTo_copies_packet_bytes_into_a_stack_struct()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Hdr h = default;
            new ReadOnlySpan<byte>(d + 7, 16).CopyTo(new Span<byte>(&h, sizeof(Hdr)));
            Hdr g = default;
            new Span<byte>(d + 30, 5).CopyTo(new Span<byte>((byte*)&g + 3, 9));
            Out.Update(5, g.A); Out.Update(6, g.B);
            """ + Report, types: Types));

    [SkippableFact]
    public void Fills_and_clears_of_stack_and_packet_bytes()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Hdr h = default;
            Unsafe.CopyBlock(&h, d + 14, (uint)sizeof(Hdr));
            Unsafe.InitBlock((byte*)&h + 2, d[0], 5);
            NativeMemory.Fill((byte*)&h + 9, 3, (byte)(d[1] ^ 0x5A));
            new Span<byte>((byte*)&h + 14, 2).Fill(d[2]);
            NativeMemory.Clear(&h.B, 2);
            """ + Report + """
            // The packet itself: XDP output bytes are compared too.
            Unsafe.InitBlockUnaligned(ref d[40], 0xEE, 6);
            NativeMemory.Clear(d + 50, 4);
            new Span<byte>(d + 56, 8).Clear();
            new Span<byte>(d + 20, 3).Fill(d[21]);
            """, types: Types));

    [SkippableFact]
    public void Copies_between_map_values()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Hdr h = default;
            Unsafe.CopyBlock(&h, d + 14, (uint)sizeof(Hdr));
            Vals.Update((uint)(d[0] & 3), h);
            Hdr* a = Vals.Lookup((uint)(d[1] & 3));
            Hdr* b = Vals.Lookup((uint)(d[2] & 3));
            if (a == null || b == null) return XdpAction.Pass;
            Buffer.MemoryCopy(a, b, sizeof(Hdr), 10);       // a and b may be the same entry
            new Span<byte>(b, 6).CopyTo(new Span<byte>((byte*)a + 8, 8));
            Unsafe.CopyBlock(&h, b, (uint)sizeof(Hdr));
            """ + Report, members: "static readonly ArrayMap<Hdr> Vals = new(4);", types: Types));

    [SkippableFact]
    public void Overlapping_copies_copy_as_if_through_a_temporary()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Blob s = default;
            Unsafe.CopyBlock(s.B, d + 10, 40);
            Buffer.MemoryCopy(s.B, s.B + 3, 37, 30);           // forward overlap
            NativeMemory.Copy(s.B + 9, s.B + 1, 20);           // backward overlap
            new Span<byte>(s.B + 5, 16).CopyTo(new Span<byte>(s.B + 11, 16));
            ulong* w = (ulong*)s.B;
            for (uint i = 0; i < 5; i++) Out.Update(i, w[i]);
            // In the packet too.
            NativeMemory.Copy(d + 4, d + 6, 30);
            Buffer.MemoryCopy(d + 40, d + 36, 20, 20);
            """, types: Types));
}
