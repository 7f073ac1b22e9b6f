using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Constructs;

/// <summary>
/// Properties and indexers whose accessors compute, and the C# evaluation order of an element
/// assignment (receiver, then index, then value).
/// </summary>
public class PropertyTests
{
    private const string ValueStruct = """
        public struct V
        {
            public uint Raw;
            public uint Value { get => Raw + 1; set => Raw = value * 2; }
        }
        """;

    [SkippableFact]
    public void Struct_property_with_logic_through_a_pointer()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            V v = default;
            V* p = &v;
            p->Value = 9;
            Out.Update(0, p->Raw);
            p->Value = d[20];
            Out.Update(1, p->Raw);
            p->Value *= 3;
            Out.Update(2, p->Raw);
            p->Value++;
            Out.Update(3, p->Raw);
            Out.Update(4, p->Value);
            v.Value += d[21];
            Out.Update(5, v.Raw);
            """, types: ValueStruct));

    [SkippableFact]
    public void Static_property_with_bodies_over_a_global()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            s_c = d[20];
            Counter += 5;
            Counter++;
            Out.Update(0, Counter);
            Out.Update(1, s_c);
            Twice = d[21];
            Out.Update(2, s_c);
            Out.Update(3, Twice);
            """, members: """
            static uint s_c;
            static uint Counter { get => s_c; set => s_c = value; }
            static uint Twice { get => s_c + 1; set => s_c = value * 2; }
            """));

    [SkippableFact]
    public void Element_assignment_evaluates_receiver_then_index_then_value()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Cells cells = default;
            Cell* arr = &cells.C0;
            int k = 0; // a variable start index makes LLVM emit 'or' on a stack pointer, which the verifier refuses (as for clang)
            arr[k++].Value = (uint)k;
            Out.Update(0, cells.C0.V); Out.Update(1, cells.C1.V); Out.Update(2, cells.C2.V); Out.Update(3, (ulong)k);
            FB fb = default;
            int j = 1;
            fb.E[j++] = (uint)j * 10;
            fb.E[j] = (uint)j++;
            Out.Update(4, fb.E[0]); Out.Update(5, fb.E[1]); Out.Update(6, fb.E[2]); Out.Update(7, fb.E[3]); Out.Update(8, (ulong)j);
            """, types: """
            public struct Cell { public uint V; public uint Value { get => V; set => V = value + 100; } }
            public struct Cells { public Cell C0, C1, C2, C3; }
            public unsafe struct FB { public fixed uint E[4]; }
            """));

    [SkippableFact]
    public void Struct_indexer_with_a_setter_over_a_fixed_buffer()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            B4 b = default;
            b[0] = d[20];
            b[1] = b[0] + 1;
            b[d[21] & 3] += 7;
            b[2]++;
            Out.Update(0, b[0]); Out.Update(1, b[1]); Out.Update(2, b[2]); Out.Update(3, b[3]);
            Out.Update(4, b.Raw(0)); Out.Update(5, b.Raw(3));
            """, types: """
            public unsafe struct B4
            {
                fixed uint _e[4];
                public uint this[int i] { get => _e[i & 3] ^ 0x55; set => _e[i & 3] = value + 1; }
                public uint Raw(int i) => _e[i & 3];
            }
            """));
}
