using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Constructs;

/// <summary>
/// Pointer differences that are not a multiple of the element size, inline arrays, stackalloc,
/// and a <c>bool</c> read from a byte that is neither 0 nor 1.
/// </summary>
public class PointerAndMemoryTests
{
    [SkippableFact]
    public void Pointer_difference_truncates_toward_zero()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Blob blob = default;
            byte* s = blob.B;
            Out.Update(0, (ulong)((uint*)(s + 5) - (uint*)s));
            Out.Update(1, (ulong)((uint*)s - (uint*)(s + 5)));
            int off = d[20] & 31;
            Out.Update(2, (ulong)((uint*)(s + off) - (uint*)s));
            Out.Update(3, (ulong)((uint*)s - (uint*)(s + off)));
            Out.Update(4, (ulong)((ulong*)(s + off) - (ulong*)s));
            Out.Update(5, (ulong)((ulong*)s - (ulong*)(s + off)));
            Out.Update(6, (ulong)((Twelve*)s - (Twelve*)(s + off)));
            Out.Update(7, (ulong)((Twelve*)(s + off) - (Twelve*)s));
            """, types: """
            public unsafe struct Blob { public fixed byte B[64]; }
            public struct Twelve { public uint A, B, C; }
            """));

    [SkippableFact]
    public void Typed_differences_of_packet_edges_divide_by_the_element_size()
        // "end - data" of one context is never negative, and divides unsigned (PointerProvenance.Edge);
        // the other order, and a pointer that moved, stay signed. Frames of every length 14-..
        // leave remainders for 3, 4, 12 and 14 byte elements.
        => Snippets.AssertAgrees(Snippets.Xdp("""
            byte* end = ctx.DataEnd;
            Out.Update(0, (ulong)((Three*)end - (Three*)d));
            Out.Update(1, (ulong)((EthernetHeader*)ctx.DataEnd - (EthernetHeader*)ctx.Data));
            Out.Update(2, (ulong)((uint*)ctx.DataEnd - (uint*)d));
            Out.Update(3, (ulong)((Three*)d - (Three*)end));
            Out.Update(4, (ulong)((Twelve*)ctx.Data - (Twelve*)ctx.DataMeta));
            Out.Update(5, (ulong)((Twelve*)ctx.DataMeta - (Twelve*)ctx.DataEnd));
            byte* p = d;
            p += d[13] & 7;
            Out.Update(6, (ulong)((Three*)end - (Three*)p));
            Out.Update(7, (ulong)((Three*)p - (Three*)end));
            Out.Update(8, (ulong)(int)((EthernetHeader*)end - (EthernetHeader*)d) * 3 + (ulong)(end - d));
            """, types: """
            public struct Three { public byte A, B, C; }
            public struct Twelve { public uint A, B, C; }
            """, bound: 14),
            frames: Enumerable.Range(14, 60).Select(n => Frames.Random(1, seed: n, minLength: n)[0][..n]).ToArray());

    [SkippableFact]
    public void Inline_array_size_and_elements()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            // Constant indices only: .NET checks a variable index and throws, which BPF cannot
            // (the corpus has the rejected variable-index case).
            Buf4 buf = default;
            buf[1] = d[21];
            buf[2] = d[22];
            buf[0] += 1;
            buf[3] = buf[1] * buf[2];
            Out.Update(0, (ulong)sizeof(Buf4));
            Out.Update(1, buf[0]); Out.Update(2, buf[1]); Out.Update(3, buf[2]); Out.Update(4, buf[3]);
            """, types: """
            [InlineArray(4)]
            public struct Buf4 { private uint _e; }
            """));

    [SkippableFact]
    public void Stackalloc_outside_loops_is_zeroed_and_addressable()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            byte* b = stackalloc byte[16];
            for (int i = 0; i < 8; i++) b[i] = d[20 + i];
            ulong sum = 0;
            for (int i = 0; i < 16; i++) sum = sum * 31 + b[i];
            Out.Update(0, sum);
            Out.Update(1, *(ulong*)(b + 8));
            Out.Update(2, *(uint*)(b + 4));
            uint* w = stackalloc uint[4];
            w[d[21] & 3] = d[22];
            Out.Update(3, (ulong)w[0] | (ulong)w[1] << 16 | (ulong)w[2] << 32 | (ulong)w[3] << 48);
            """));

    /// <summary>Frames whose byte 1 is 0x80, 0x02, 0 and 1, the rest varied.</summary>
    private static IReadOnlyList<byte[]> BoolFrames()
    {
        var frames = new List<byte[]>();
        foreach (byte b in new byte[] { 0x80, 0x02, 0x00, 0x01, 0xff, 0x10 })
            foreach (byte[] f in Frames.Random(6, seed: b, minLength: 64))
            {
                f[1] = b;
                frames.Add(f);
            }
        return frames;
    }

    [SkippableFact]
    public void Bool_read_from_a_byte_that_is_not_0_or_1()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            bool b = *(bool*)(d + 1);
            ulong r = 0;
            if (b) r = 7;
            Out.Update(0, r);
            Out.Update(1, b ? 1ul : 0ul);
            Out.Update(2, !b ? 1ul : 0ul);
            if (!b) Out.Update(3, 9);
            """), frames: BoolFrames());

    /// <summary>
    /// Map value and packet accesses carry alias scopes (the kernel keeps the two apart); a pointer
    /// that may hold either gets none. Stores to one and loads from the other interleave here.
    /// </summary>
    [SkippableFact]
    public void Map_value_and_packet_stores_interleave_as_in_dotnet()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            ulong* v = Out.Lookup(41);
            if (v == null) return XdpAction.Pass;
            *v = d[20];
            ulong* r = (ulong*)(d + 32);
            r[0] = *v + 1;
            *v += r[0];
            byte* p = d + 40;
            if ((d[21] & 1) == 1) p = (byte*)v;
            p[0] = 9;
            p[1] = (byte)(p[0] + d[22]);
            Out.Update(1, *v);
            Out.Update(2, *(ulong*)(d + 40));
            Out.Update(3, r[0]);
            """));

    /// <summary>
    /// A struct whose initializer sets every field has only its padding zeroed before the stores;
    /// the padding still reaches the map as zeros, byte for byte as .NET writes it.
    /// </summary>
    [SkippableFact]
    public void Padding_of_a_fully_initialized_struct_value_is_zero_in_the_map()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Pairs.Update(d[20] & 7u, new Pair { Value = d[21], Hits = (ushort)(d[22] | 1) });
            Pairs.Update(8, new Pair { Value = 5, Hits = 7 });
            Pair* p = Pairs.Lookup(8);
            if (p != null) Out.Update(0, *(ulong*)p);
            """, members: """
            static readonly HashMap<uint, Pair> Pairs = new(16);
            """, types: """
            public struct Pair { public uint Value; public ushort Hits; }
            """));

    /// <summary>
    /// A struct of 2, 4 or 8 bytes whose initializer sets only its first field is one store of that
    /// field zero-extended: the other fields and the padding still read as zeros, a negative first
    /// field does not spill its sign into them, and a local of it is realigned for the store.
    /// </summary>
    [SkippableFact]
    public void Struct_initialized_by_its_first_field_alone_has_zeros_after_it()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Pairs.Update(d[20] & 7u, new Pair { Value = *(uint*)(d + 24) });
            Halves.Update(d[21] & 7u, new Halves2 { A = (short)-(d[22] | 1) });
            Narrow.Update(d[23] & 7u, new Small { B = (sbyte)-d[25] });
            Pair local = new Pair { Value = (uint)(d[26] - 300) };
            Out.Update(0, local.Value); Out.Update(1, local.Hits); Out.Update(2, *(ulong*)&local);
            Pair* p = Pairs.Lookup(d[20] & 7u);
            if (p != null) Out.Update(3, *(ulong*)p);
            Halves2* h = Halves.Lookup(d[21] & 7u);
            if (h != null) Out.Update(4, *(uint*)h);
            Small* n = Narrow.Lookup(d[23] & 7u);
            if (n != null) Out.Update(5, *(ushort*)n);
            """, members: """
            static readonly HashMap<uint, Pair> Pairs = new(16);
            static readonly HashMap<uint, Halves2> Halves = new(16);
            static readonly HashMap<uint, Small> Narrow = new(16);
            """, types: """
            public struct Pair { public uint Value; public ushort Hits; }
            public struct Halves2 { public short A; public short B; }
            public struct Small { public sbyte B; public byte C; }
            """));
}
