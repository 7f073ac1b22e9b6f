using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Constructs;

/// <summary>
/// Where C# acts on a copy (defensive copies of readonly variables) and where it acts on the
/// original (ref conditionals): both must hold in the kernel.
/// </summary>
public class RefAndCopyTests
{
    private const string Counter = """
        public struct Ctr
        {
            public uint N;
            public void Bump() { N += 1; }
        }
        public struct Holder
        {
            public readonly Ctr Inner;
            public Holder(uint n) { Inner = new Ctr { N = n }; }
            // Inner is readonly: Bump runs on a copy, Inner.N is unchanged.
            public uint BumpInner() { Inner.Bump(); return Inner.N; }
        }
        """;

    [SkippableFact]
    public void Mutating_method_through_an_in_parameter_acts_on_a_copy()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Ctr c = new Ctr { N = d[20] };
            Out.Update(0, ViaIn(in c));
            Out.Update(1, c.N);
            """, members: """
            static uint ViaIn(in Ctr c) { c.Bump(); c.Bump(); return c.N; }
            """, types: Counter));

    [SkippableFact]
    public void Mutating_method_through_a_ref_readonly_local_acts_on_a_copy()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Ctr c = new Ctr { N = d[20] };
            ref readonly Ctr r = ref c;
            r.Bump();
            Out.Update(0, r.N);
            Out.Update(1, c.N);
            ref Ctr w = ref c;
            w.Bump();
            Out.Update(2, c.N);
            """, types: Counter));

    [SkippableFact]
    public void Mutating_method_on_a_readonly_field_acts_on_a_copy()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            var h = new Holder(d[20]);
            Out.Update(0, h.BumpInner());
            Out.Update(1, h.Inner.N);
            """, types: Counter));

    [SkippableFact]
    public void Ref_conditional_writes_the_chosen_variable()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            uint a = d[20], b = d[21];
            ref uint m = ref (a > b ? ref a : ref b);
            m = 0;
            Out.Update(0, a); Out.Update(1, b);
            Pair p = new Pair { L = d[22], R = d[23] };
            ref uint q = ref ((d[24] & 1) == 0 ? ref p.L : ref p.R);
            q += 1000;
            Out.Update(2, p.L); Out.Update(3, p.R);
            """, types: "public struct Pair { public uint L, R; }"));

    /// <summary>
    /// Bool locals nothing can see live in registers as 0/1; one written through a pointer keeps
    /// .NET's byte (2 is true, and stays 2 when copied out as a byte).
    /// </summary>
    [SkippableFact]
    public void Bool_flags_in_registers_and_a_bool_written_as_a_byte_agree_with_dotnet()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            bool seen = false, odd = (d[20] & 1) == 1, all = true;
            for (int i = 0; i < 8; i++)
            {
                bool bit = (d[21] >> i & 1) == 1;
                seen |= bit;
                all &= bit;
                odd = !odd;
            }
            bool written = false;
            Poke(&written, d[22]);
            Out.Update(0, seen ? 1u : 0u);
            Out.Update(1, odd ? 1u : 0u);
            Out.Update(2, all ? 1u : 0u);
            Out.Update(3, written ? 1u : 0u);
            Out.Update(4, *(byte*)&written);
            """, members: """
            static void Poke(bool* b, byte v) => *(byte*)b = v;
            """));
}
