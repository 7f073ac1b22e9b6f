using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Constructs;

/// <summary>
/// Writable context fields and struct construction: compound assignment through a context
/// property, field initializers with explicit constructors, constructor chaining and object
/// initializers. Each must compute in the kernel exactly what it computes as .NET.
/// </summary>
public class ContextAndInitTests
{
    [SkippableFact]
    public void Tc_context_compound_assignment()
        => Snippets.AssertAgrees(Snippets.Tc("""
            ctx.Mark = d[40];
            ctx.Mark += 5;
            ctx.Mark |= 0x100;
            ctx.Mark++;
            ctx.Priority = ctx.Mark * 2;
            ctx.Priority -= d[41];
            Out.Update(0, ctx.Mark);
            Out.Update(1, ctx.Priority);
            """));

    [SkippableFact]
    public void Struct_field_initializers_with_explicit_constructors()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            var x = new FI(d[20]);
            var y = new FI();
            var z = default(FI);
            Out.Update(0, x.A); Out.Update(1, x.B);
            Out.Update(2, y.A); Out.Update(3, y.B);
            Out.Update(4, z.A); Out.Update(5, z.B);
            """, types: """
            public struct FI
            {
                public uint A = 7;
                public uint B;
                public FI(uint b) { B = b; }
                public FI() { B = 3; }
            }
            """));

    [SkippableFact]
    public void Field_initializer_reading_a_constructor_argument_order()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            var x = new FJ(d[20]);
            Out.Update(0, x.A); Out.Update(1, x.B); Out.Update(2, x.C);
            """, types: """
            public struct FJ
            {
                public uint A = 11;
                public uint B = 22;
                public uint C;
                // The initializers run first, then the body sees and overwrites them.
                public FJ(uint c) { C = A + c; A = B * 2; }
            }
            """));

    [SkippableFact]
    public void Constructor_chaining_and_object_initializers()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            var a = new Pt(3) { Y = 4 };
            var b = new Pt(d[20]);
            var c = new Pt(d[21], d[22]) { X = d[23] };
            Out.Update(0, a.X); Out.Update(1, a.Y);
            Out.Update(2, b.X); Out.Update(3, b.Y);
            Out.Update(4, c.X); Out.Update(5, c.Y);
            """, types: """
            public struct Pt
            {
                public uint X, Y;
                public Pt(uint x) : this(x, 9) { }
                public Pt(uint x, uint y) { X = x; Y = y; }
            }
            """));
}
