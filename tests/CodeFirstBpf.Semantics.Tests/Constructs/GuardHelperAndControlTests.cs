using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Constructs;

/// <summary>
/// Guards for helpers, control flow, intrinsics and constants: generic and non-inlined helpers,
/// goto, bounded loops, Math and BitOperations, static readonly arithmetic, nint limits, Printk
/// formats from const concatenation, null tests on map lookups.
/// </summary>
public class GuardHelperAndControlTests
{
    [SkippableFact]
    public void Generic_static_helpers()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Out.Update(0, Pick<uint>(d[20] > d[21], d[20], d[21]));
            Out.Update(1, Pick<ushort>(d[22] > 100, *(ushort*)(d + 23), 7));
            Out.Update(2, (ulong)Load<long>(d + 30));
            """, members: """
            static T Pick<T>(bool c, T a, T b) where T : unmanaged => c ? a : b;
            static T Load<T>(byte* p) where T : unmanaged => *(T*)p;
            """));

    [SkippableFact]
    public void Exits_that_return_the_same_constant_call_share_its_code()
        // Several exits "return Count(3)" share one copy (MethodLowerer.SharedReturnKey); each still
        // counts once and returns what the map held at that moment; Count(4), Score(2) through a
        // conversion, and a NoInlining call with a default argument stay apart from them.
        => Snippets.AssertAgrees(Snippets.Xdp("""
            byte k = d[20];
            if (k < 40) return Count(3);
            if (k < 80) return Count(4);
            if (k < 120) return Count(3);
            if (k < 150) return (XdpAction)Score(2);
            if (k < 170) return Far();
            if (k < 200) return (XdpAction)Score(2);
            if (k < 220) return Far();
            if (d[21] < 128) return Count(3);
            Out.Update(9, k);
            """, members: """
            static XdpAction Count(uint slot)
            {
                ulong* c = Out.Lookup(slot);
                if (c == null) return XdpAction.Aborted;
                *c += 1;
                return (*c & 1) == 0 ? XdpAction.Drop : XdpAction.Pass;
            }
            static int Score(uint slot)
            {
                ulong* c = Out.Lookup(slot + 10);
                if (c != null) *c += slot;
                return c != null && *c > 40 ? 1 : 2;
            }
            [MethodImpl(MethodImplOptions.NoInlining)]
            static XdpAction Far(uint slot = 20)
            {
                ulong* c = Out.Lookup(slot);
                if (c != null) *c += 3;
                return XdpAction.Tx;
            }
            """));

    [SkippableFact]
    public void NoInlining_helpers_become_calls()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Out.Update(0, Mix(d[20], d[21], d[22]));
            Out.Update(1, Mix(d[23], 0, 1) + Mix(1, 2, d[24]));
            """, members: """
            [MethodImpl(MethodImplOptions.NoInlining)]
            static ulong Mix(uint a, uint b, byte c) => (ulong)a * 31 + b * 7 + c;
            """));

    [SkippableFact]
    public void Goto_and_goto_case()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            uint v = (uint)(d[20] & 7), acc = 0;
            switch (v)
            {
                case 0: acc += 1; goto case 3;
                case 1: acc += 10; goto default;
                case 3: acc += 100; break;
                case 5: acc += 1000; goto case 1;
                default: acc += 5; break;
            }
            Out.Update(0, acc);
            int i = 0; ulong sum = 0;
            again:
            sum += d[21 + i];
            i++;
            if (i < 4) goto again;
            Out.Update(1, sum);
            """));

    [SkippableFact]
    public void For_while_and_do_with_constant_bounds()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            ulong a = 0;
            for (int i = 0; i < 8; i++) { if (d[20 + i] == 0) continue; a = a * 3 + d[20 + i]; if (a > 100000) break; }
            int j = 0; ulong b = 0;
            while (j < 6) { b += (ulong)d[30 + j] << j; j++; }
            int k = 0; ulong c = 1;
            do { c = c * 5 + d[40 + k]; k += 2; } while (k < 10);
            Out.Update(0, a); Out.Update(1, b); Out.Update(2, c);
            """));

    [SkippableFact]
    public void Math_min_max_clamp()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Out.Update(0, Math.Min(d[20], d[21])); Out.Update(1, Math.Max(*(uint*)(d + 22), *(uint*)(d + 26)));
            Out.Update(2, (ulong)Math.Min((sbyte)d[30], (sbyte)d[31])); Out.Update(3, (ulong)Math.Max(*(long*)(d + 32), *(long*)(d + 40)));
            Out.Update(4, Math.Clamp(*(uint*)(d + 48), 100u, 5000u)); Out.Update(5, (ulong)Math.Clamp((int)(sbyte)d[52], -5, 5));
            Out.Update(6, Math.Min(*(ulong*)(d + 32), *(ulong*)(d + 40)));
            """));

    [SkippableFact]
    public void BitOperations_on_uint_and_ulong()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            uint u = *(uint*)(d + 20) >> (d[30] & 31); ulong l = *(ulong*)(d + 32) >> (d[31] & 63); int r = d[40];
            Out.Update(0, (ulong)BitOperations.PopCount(u)); Out.Update(1, (ulong)BitOperations.PopCount(l));
            Out.Update(2, (ulong)BitOperations.LeadingZeroCount(u)); Out.Update(3, (ulong)BitOperations.LeadingZeroCount(l));
            Out.Update(4, (ulong)BitOperations.TrailingZeroCount(u)); Out.Update(5, (ulong)BitOperations.TrailingZeroCount(l));
            Out.Update(6, BitOperations.RotateLeft(u, r)); Out.Update(7, BitOperations.RotateLeft(l, r));
            Out.Update(8, BitOperations.RotateRight(u, r)); Out.Update(9, BitOperations.RotateRight(l, r));
            """));

    [SkippableFact]
    public void Static_readonly_computed_from_another_static_readonly()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Out.Update(0, A + d[20]); Out.Update(1, B * d[21]); Out.Update(2, C);
            """, members: """
            static readonly uint A = 20;
            static readonly uint B = A * 2 + 1;
            static readonly ulong C = (ulong)B << 33 | A;
            """));

    [SkippableFact]
    public void Nint_min_and_max_values()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            nint v = (nint)(sbyte)d[20];
            Out.Update(0, (ulong)nint.MinValue); Out.Update(1, (ulong)nint.MaxValue);
            Out.Update(2, v < 0 ? (ulong)(nint.MinValue + (nint)(-v)) : (ulong)(nint.MaxValue - v));
            Out.Update(3, (ulong)nuint.MaxValue);
            """));

    [SkippableFact]
    public void Printk_format_from_const_string_concatenation_loads_and_runs()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            Bpf.Printk(Prefix + "v=%u w=%u" + Suffix, (uint)d[20], (uint)d[21]);
            Out.Update(0, d[20]);
            """, members: """
            const string Prefix = "cfb-semantics: ";
            const string Suffix = "\n";
            """));

    [SkippableFact]
    public void Is_null_on_a_map_lookup_result()
        => Snippets.AssertAgrees(Snippets.Xdp("""
            uint key = (uint)(d[20] & 3);
            ulong* v = Seen.Lookup(key);
            if (v is null) { Seen.Update(key, 1); Out.Update(0, 1000 + key); }
            else { *v += 1; Out.Update(1, *v); }
            ulong* w = Seen.Lookup(key);
            Out.Update(2, w is not null ? *w : 77);
            """, members: "static readonly HashMap<uint, ulong> Seen = new(16);"));
}
