using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Constructs;

/// <summary>
/// Guards for pattern matching and struct features: some already lower correctly and must stay
/// so; the rest are not supported yet and are written as "must agree" all the same.
/// </summary>
public class GuardPatternAndStructTests
{
    [SkippableFact]
    public void Switch_expression_with_relational_and_or_not_patterns()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            uint v = d[20];
            uint r = v switch
            {
                0 => 100,
                < 10 => 1,
                >= 10 and < 50 => 2,
                50 or 60 or 70 => 3,
                not (> 200) => 4,
                _ => 5,
            };
            Out.Update(0, r);
            int s = (sbyte)d[21];
            Out.Update(1, s switch { < -100 => 1ul, > 100 => 2ul, not 0 and > -3 and < 3 => 3ul, _ => 4ul });
            """));

    [SkippableFact]
    public void Switch_expression_ending_in_a_relational_arm_and_a_discard()
        // "< c => a, _ => b" with constant values is a select (clang's "x < c ? a : b"): boundaries
        // on both sides, signed and unsigned, 64-bit, a two-arm switch, bool and enum results.
        => Snippets.AssertAgrees(Snippets.Xdp("""
            ushort port = (ushort)(d[20] << 8 | d[21]);
            Out.Update(0, port switch { 22 => 6u, 53 => 5u, 80 or 443 => 4u, >= 1024 => 1u, _ => 2u });
            Out.Update(1, (ulong)(port switch { > 1023 => 7, _ => -1 }));
            int s = (sbyte)d[22];
            Out.Update(2, (ulong)(s switch { 0 => 10L, <= -5 => -3L, _ => 9L }));
            long w = *(long*)(d + 24);
            Out.Update(3, w switch { < 0 => 1ul, _ => 0ul });
            bool big = d[23] switch { 0xFF => false, > 127 => true, _ => false };
            Out.Update(4, big ? 1ul : 0ul);
            XdpAction a = d[32] switch { 1 => XdpAction.Drop, < 100 => XdpAction.Tx, _ => XdpAction.Pass };
            Out.Update(5, (ulong)a);
            char c = (char)(d[33] | d[34] << 8);
            Out.Update(6, c switch { >= 'a' => 1ul, _ => 2ul });
            """), frames: Frames.Xdp.Concat(new[] {
                Frames.With((20, 0x04), (21, 0x00), (22, 0xFB), (23, 0x80), (32, 100), (33, (byte)'a')),
                Frames.With((20, 0x03), (21, 0xFF), (22, 0xFC), (23, 0x7F), (32, 99), (33, (byte)'`')),
                Frames.With((20, 0x00), (21, 22), (22, 0x00), (23, 0xFF), (31, 0x80), (32, 1)) }).ToArray());

    [SkippableFact]
    public void Property_patterns_on_structs()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            var s = new S2 { A = d[20] & 7u, B = d[21] & 1u };
            Out.Update(0, s is { A: > 3, B: 0 } ? 1ul : 0ul);
            Out.Update(1, s is { A: 1 or 2 } ? 1ul : 0ul);
            Out.Update(2, s is { B: not 0, A: < 5 } ? 1ul : 0ul);
            """, types: "public struct S2 { public uint A, B; }"));

    [SkippableFact]
    public void With_expressions_on_structs()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            var a = new S3 { A = d[20], B = d[21], C = d[22] };
            var b = a with { B = 9 };
            var c = b with { A = b.C + 1, C = a.A };
            Out.Update(0, a.B); Out.Update(1, b.A); Out.Update(2, b.B); Out.Update(3, c.A); Out.Update(4, c.C);
            """, types: "public struct S3 { public uint A, B, C; }"));

    [SkippableFact]
    public void Tuples_and_deconstruction_of_integers()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            uint x = d[20], y = d[21];
            var (a, b) = (x, y);
            (a, b) = (b, a);
            Out.Update(0, a); Out.Update(1, b);
            var t = (First: x * 2, Second: (ushort)y);
            Out.Update(2, t.First + t.Second);
            (uint q, uint r) = DivRem(x + 1000, (y | 1));
            Out.Update(3, q); Out.Update(4, r);
            """, members: "static (uint, uint) DivRem(uint a, uint b) => (a / b, a % b);"));

    [SkippableFact]
    public void Auto_properties_and_init_only_properties()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            var s = new AP { X = d[20], Y = d[21] };
            s.X += 3;
            Out.Update(0, s.X); Out.Update(1, s.Y); Out.Update(2, s.Sum);
            """, types: """
            public struct AP
            {
                public uint X { get; set; }
                public uint Y { get; init; }
                public readonly uint Sum => X + Y;
            }
            """));

    [SkippableFact]
    public void Record_struct_with_positional_members()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            var r = new RS(d[20], d[21]);
            var (a, b) = r;
            var r2 = r with { B = 5 };
            Out.Update(0, r.A); Out.Update(1, b); Out.Update(2, r2.B); Out.Update(3, a + r2.A);
            Out.Update(4, r == r2 ? 1ul : 0ul);
            """, types: "public record struct RS(uint A, uint B);"));

    [SkippableFact]
    public void User_defined_operators_on_structs()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            var a = new V2(d[20], d[21]);
            var b = new V2(d[22], d[23]);
            var c = a + b;
            Out.Update(0, c.X); Out.Update(1, c.Y);
            Out.Update(2, a == b ? 1ul : 0ul);
            Out.Update(3, a == a ? 1ul : 0ul);
            Out.Update(4, a != b ? 1ul : 0ul);
            """, types: """
            public struct V2
            {
                public uint X, Y;
                public V2(uint x, uint y) { X = x; Y = y; }
                public static V2 operator +(V2 l, V2 r) => new V2(l.X + r.X, l.Y * r.Y);
                public static bool operator ==(V2 l, V2 r) => l.X == r.X && l.Y == r.Y;
                public static bool operator !=(V2 l, V2 r) => !(l == r);
            }
            """));

    [SkippableFact]
    public void User_defined_conversion_operators()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            var w = new Wrapper { Raw = d[20] };
            uint u = (uint)w;
            Wrapper back = d[21];
            Out.Update(0, u); Out.Update(1, back.Raw);
            """, types: """
            public struct Wrapper
            {
                public uint Raw;
                public static explicit operator uint(Wrapper w) => w.Raw * 3 + 1;
                public static implicit operator Wrapper(byte b) => new Wrapper { Raw = (uint)b << 4 };
            }
            """));

    [SkippableFact]
    public void Primary_constructors_of_structs()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            var s = new PS(d[20]);
            Out.Update(0, s.A); Out.Update(1, s.Twice());
            """, types: """
            public struct PS(uint a)
            {
                public uint A = a + 1;
                public readonly uint Twice() => A * 2;
            }
            """));
}
