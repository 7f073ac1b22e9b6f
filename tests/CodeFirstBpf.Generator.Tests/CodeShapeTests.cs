using Xunit;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>
/// The shapes of IR that decide whether LLVM's O2 makes code as tight as clang's on the same
/// program, checked on the object the generator writes (instruction counts of one kind, not sizes).
/// </summary>
public class CodeShapeTests
{
    private static IReadOnlyList<BpfInsn> Compile(string source, string section)
    {
        var r = GeneratorHarness.Run(source);
        Assert.Empty(r.Bpf);
        return ElfCode.Section(r.Elf, section);
    }

    [Fact]
    public void Data_end_stays_in_a_register_across_map_lookups_when_nothing_moves_the_packet()
    {
        // Each check reads ctx.DataEnd after a helper call; with no helper that may move the packet
        // in the class, the load is invariant and LLVM keeps the first one (clang keeps a C local so).
        const string Source = """
            public static unsafe partial class P
            {
                static readonly ArrayMap<ulong> Counts = new(4);
                static void Add(uint slot, ulong n) { ulong* c = Counts.Lookup(slot); if (c != null) *c += n; }
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    byte* d = ctx.Data;
                    if (d + 20 > ctx.DataEnd) return XdpAction.Pass;
                    Add(0, d[14]);
                    if (d + 30 > ctx.DataEnd) return XdpAction.Pass;
                    Add(1, d[24]);
                    if (d + 40 > ctx.DataEnd) return XdpAction.Pass;
                    Add(2, d[34]);
                    return XdpAction.Drop;
                }
            }
            """;
        var code = Compile(Source, "xdp");
        Assert.Equal(1, code.Count(i => i.IsLoadWord && i.Offset == 4));
    }

    [Fact]
    public void Data_end_is_read_again_after_a_helper_that_may_move_the_packet()
    {
        // AdjustHead anywhere in the class: packet pointer loads are ordinary loads again.
        const string Source = """
            public static unsafe partial class P
            {
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    if (ctx.Data + 20 > ctx.DataEnd) return XdpAction.Pass;
                    if (ctx.AdjustHead(4) != 0) return XdpAction.Aborted;
                    if (ctx.Data + 20 > ctx.DataEnd) return XdpAction.Pass;
                    return (XdpAction)ctx.Data[14];
                }
            }
            """;
        var (ir, diags) = GeneratorHarness.Lower(Source);
        Assert.Empty(diags);
        Assert.DoesNotContain("!invariant.load", ir);
        var code = Compile(Source, "xdp");
        Assert.Equal(2, code.Count(i => i.IsLoadWord && i.Offset == 4));
        Assert.Equal(2, code.Count(i => i.IsLoadWord && i.Offset == 0));
    }

    [Fact]
    public void Quotient_and_remainder_of_one_divisor_divide_once()
    {
        // The divisor barrier (which hides a possible 0 from LLVM) has no memory effects, so the
        // barriers on b merge and LLVM derives a % b from a / b, as clang does.
        const string Source = """
            public static unsafe partial class P
            {
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    uint a = ctx.RxQueueIndex, b = ctx.IngressIfIndex;
                    uint q = a / b, r = a % b;
                    return (XdpAction)((q + r + a / b) & 3);
                }
            }
            """;
        var code = Compile(Source, "xdp");
        Assert.Equal(1, code.Count(i => i.IsDivideByRegister));
    }

    [Fact]
    public void Either_of_two_protocols_and_a_bound_check_tests_the_bound_once()
    {
        // "(p == 6 || p == 17) && l4 + 4 <= end": blocks are laid out in the order code enters them,
        // so LLVM makes one switch on p; in creation order it duplicated the bound check instead.
        const string Source = """
            public static unsafe partial class P
            {
                [Tc] public static TcAction Main(TcContext ctx)
                {
                    byte* end = ctx.DataEnd;
                    var ip = (IPv4Header*)(ctx.Data + 14);
                    if (ip + 1 > end) return TcAction.Shot;
                    ushort port = 0;
                    byte* l4 = (byte*)ip + ip->HeaderLength;
                    if ((ip->Protocol == IpProtocol.Tcp || ip->Protocol == IpProtocol.Udp) && l4 + 4 <= end)
                        port = ByteOrder.Ntohs(((ushort*)l4)[1]);
                    ctx.Mark = port;
                    return TcAction.Ok;
                }
            }
            """;
        var code = Compile(Source, "tc");
        Assert.Equal(2, code.Count(i => i.IsUnsignedRegisterCompare));
    }

    [Fact]
    public void Frame_length_as_uint_widens_without_shifts()
    {
        // "(uint)(end - data)" added to a ulong: the 32-bit result widens with one 32-bit move;
        // LLVM's "and 0xffffffff" on the 64-bit difference cost a pair of shifts on every path.
        const string Source = """
            public static unsafe partial class P
            {
                static readonly ArrayMap<ulong> Bytes = new(1);
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    if (ctx.Data + 14 > ctx.DataEnd) return XdpAction.Aborted;
                    uint length = (uint)(ctx.DataEnd - ctx.Data);
                    ulong* total = Bytes.Lookup(0);
                    if (total != null) *total += length;
                    return XdpAction.Pass;
                }
            }
            """;
        var code = Compile(Source, "xdp");
        Assert.DoesNotContain(code, i => i.Opcode is 0x67 or 0x77 && i.Imm == 32);
    }

    [Fact]
    public void Typed_difference_of_packet_end_and_start_divides_unsigned()
    {
        // The kernel keeps data <= data_end, so "(T*)end - (T*)data" is never negative: one unsigned
        // division, as clang's "(end - data) / size", not the sign fix-ups of C#'s signed division.
        const string Source = """
            public static unsafe partial class P
            {
                static readonly ArrayMap<long> Frames = new(1);
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    byte* d = ctx.Data, end = ctx.DataEnd;
                    long* slot = Frames.Lookup(0);
                    if (slot != null) *slot = (EthernetHeader*)end - (EthernetHeader*)d;
                    return XdpAction.Pass;
                }
            }
            """;
        var code = Compile(Source, "xdp");
        Assert.Equal(1, code.Count(i => i.Opcode == 0x37 && i.Imm == 14)); // r /= 14
        Assert.DoesNotContain(code, i => i.Opcode == 0xc7); // no s>>= (sign of the difference)
    }

    [Fact]
    public void Typed_difference_from_a_moved_pointer_stays_signed()
    {
        // p moved (p++), so "end - p" may be negative as far as the code shows: C#'s signed division.
        const string Source = """
            public static unsafe partial class P
            {
                static readonly ArrayMap<long> Frames = new(1);
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    byte* p = ctx.Data;
                    p += ctx.RxQueueIndex;
                    long* slot = Frames.Lookup(0);
                    if (slot != null) *slot = (EthernetHeader*)ctx.DataEnd - (EthernetHeader*)p;
                    return XdpAction.Pass;
                }
            }
            """;
        var code = Compile(Source, "xdp");
        Assert.Contains(code, i => i.Opcode == 0xc7 && i.Imm == 63);
    }

    [Theory]
    [InlineData("v3", false, null)]
    [InlineData("v2", true, null)]
    [InlineData("v3", false, "/usr/lib/x86_64-linux-gnu/libLLVM-15.so.1")] // the oldest LLVM the generator takes
    public void Low_half_of_a_helper_result_passed_to_a_helper_is_one_32_bit_move(string cpu, bool shifts, string? llvm)
    {
        // "(uint)diff" into a helper argument: LLVM's "and 0xffffffff" is two shifts on BPF, a
        // 32-bit move (ALU32, v3+) one; below v3 the mask stays. The move is an inline asm, which
        // needs LLVM's BPF asm parser: without it LLVM aborted the compiler.
        const string Source = """
            public static unsafe partial class P
            {
                [Tc] public static TcAction Main(TcContext ctx)
                {
                    uint a = 1, b = 2;
                    long diff = Bpf.CsumDiff(&a, 4, &b, 4, 0);
                    if (diff < 0) return TcAction.Shot;
                    return ctx.L4CsumReplace(40, 0, (uint)diff, 0) != 0 ? TcAction.Shot : TcAction.Ok;
                }
            }
            """;
        Assert.True(llvm == null || File.Exists(llvm), llvm + " is missing");
        var r = GeneratorHarness.Run(Source, cpu: cpu, llvm: llvm);
        Assert.Empty(r.Bpf);
        var code = ElfCode.Section(r.Elf, "tc");
        Assert.Equal(shifts, code.Any(i => i.Opcode is 0x67 or 0x77 && i.Imm == 32));
        Assert.Equal(!shifts, code.Any(i => i.Opcode == 0xbc)); // w = w
    }

    [Fact]
    public void A_struct_set_by_its_first_field_alone_is_one_wide_store()
    {
        // new Entry { Value = v }: Hits and the padding are zero, so the 8 bytes are v zero-extended,
        // one 64-bit store; a memset and a field store were a zero register and two stores.
        const string Source = """
            public struct Entry { public uint Value; public ushort Hits; }
            public static unsafe partial class P
            {
                static readonly HashMap<ushort, Entry> Table = new(16);
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    byte* d = ctx.Data;
                    if (d + 20 > ctx.DataEnd) return XdpAction.Pass;
                    ushort key = d[14];
                    return Table.Update(key, new Entry { Value = *(uint*)(d + 16) }) == 0 ? XdpAction.Pass : XdpAction.Drop;
                }
            }
            """;
        var code = Compile(Source, "xdp");
        Assert.Equal(1, code.Count(i => i.Opcode == 0x7b && i.Dst == 10)); // *(u64 *)(r10 - n) = r
        Assert.DoesNotContain(code, i => i.Opcode == 0x63 && i.Dst == 10); // no *(u32 *)(r10 - n) = r
    }

    [Fact]
    public void A_switch_expression_ending_in_a_relational_arm_and_a_discard_is_a_select()
    {
        // "... >= 1024 => 1, _ => 2": clang's "port >= 1024 ? 1 : 2" is a select; as branches, the
        // constant 1 rode the direct edge and LLVM set 2 twice in TcClassifier (273 against 272).
        const string Source = """
            public static unsafe partial class P
            {
                [Tc] public static TcAction Main(TcContext ctx)
                {
                    ushort port = (ushort)ctx.Len;
                    ctx.Priority = port switch { 22 => 6, 80 or 443 => 4, >= 1024 => 1, _ => 2 };
                    return TcAction.Ok;
                }
            }
            """;
        var (ir, diags) = GeneratorHarness.Lower(Source);
        Assert.Empty(diags);
        Assert.Contains("select i1", ir);
    }

    [Fact]
    public void Exits_returning_the_same_constant_argument_call_share_one_copy()
    {
        // Three "return Count(3)" and one "return Count(4)": two inlined copies of Count, not four.
        const string Source = """
            public static unsafe partial class P
            {
                static readonly ArrayMap<ulong> Stats = new(8);
                static XdpAction Count(uint slot)
                {
                    ulong* c = Stats.Lookup(slot);
                    if (c != null) *c += 1;
                    return XdpAction.Pass;
                }
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    byte* d = ctx.Data;
                    if (d + 20 > ctx.DataEnd) return Count(3);
                    if (d[12] != 8) return Count(3);
                    if (d[14] == 0) return Count(4);
                    if (d[15] == 0) return Count(3);
                    return XdpAction.Drop;
                }
            }
            """;
        var code = Compile(Source, "xdp");
        Assert.Equal(2, code.Count(i => i.Opcode == 0x85 && i.Imm == 1)); // call bpf_map_lookup_elem
    }

    [Fact]
    public void A_bool_local_nothing_can_see_is_an_i1_and_one_whose_address_is_taken_stays_a_byte()
    {
        // Flags carried through a loop as i1 are 0/1 registers; as bytes, LLVM re-masked them
        // (w &= 0xff) after every spill. A flag written through a pointer may hold 2 (true in .NET).
        const string Source = """
            public static unsafe partial class P
            {
                static void Set(bool* b) => *(byte*)b = 2;
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    bool seen = false, odd = ctx.RxQueueIndex % 2 == 1;
                    for (uint i = 0; i < 8; i++) { seen |= (ctx.IngressIfIndex >> (int)i & 1) == 1; odd = !odd; }
                    bool written = false;
                    Set(&written);
                    return seen && odd && written ? XdpAction.Drop : XdpAction.Pass;
                }
            }
            """;
        var (ir, diags) = GeneratorHarness.Lower(Source);
        Assert.Empty(diags);
        string main = ir.Substring(ir.IndexOf("@Main(", System.StringComparison.Ordinal));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(main.Split("\n}")[0], @"= alloca i1, align 1").Count);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(main.Split("\n}")[0], @"= alloca i8, align 1"));
    }

    [Fact]
    public void A_map_value_field_is_not_read_again_after_a_store_to_the_packet()
    {
        // e points into a map value and r into the packet: the kernel keeps those apart, and the
        // accesses say so (alias scopes), so e->A is kept in a register across the store to r[0].
        const string Source = """
            public static unsafe partial class P
            {
                public struct Entry { public uint A; public uint B; }
                static readonly HashMap<uint, Entry> M = new(16);
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    byte* d = ctx.Data;
                    if (d + 64 > ctx.DataEnd) return XdpAction.Pass;
                    long* r = (long*)(d + 16);
                    Entry* e = M.Lookup(d[0]);
                    if (e == null) return XdpAction.Pass;
                    e->A += 1;
                    r[0] = e->A;
                    r[1] = e->A * 3;
                    return XdpAction.Drop;
                }
            }
            """;
        var code = Compile(Source, "xdp");
        // ctx.Data and e->A (once); ctx.DataEnd is at offset 4.
        Assert.Equal(2, code.Count(i => i.IsLoadWord && i.Offset == 0));
    }

    [Fact]
    public void A_pointer_that_may_hold_either_memory_gets_no_alias_scope()
    {
        const string Source = """
            public static unsafe partial class P
            {
                static readonly ArrayMap<ulong> M = new(4);
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    byte* d = ctx.Data;
                    if (d + 16 > ctx.DataEnd) return XdpAction.Pass;
                    byte* p = d;
                    ulong* v = M.Lookup(0);
                    if (v != null && d[0] == 1) p = (byte*)v;
                    p[1] = 7;
                    return (XdpAction)(d[1] & 3);
                }
            }
            """;
        var (ir, diags) = GeneratorHarness.Lower(Source);
        Assert.Empty(diags);
        Assert.Matches(@"store i8 7, ptr %t\d+, align 1, !dbg", ir);
        Assert.Matches(@"load i8, ptr %t\d+, align 1, !alias.scope", ir);
    }

    [Fact]
    public void A_small_struct_with_every_field_initialized_zeroes_only_its_padding()
    {
        // new Entry { Value = v, Hits = 7 }: zeroing all 8 bytes first, LLVM merged the zeros with
        // Hits into the 64-bit immediate 0x7_00000000 (two slots) and overwrote Value over it.
        const string Source = """
            public static unsafe partial class P
            {
                public struct Entry { public uint Value; public ushort Hits; }
                static readonly HashMap<uint, Entry> M = new(16);
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    M.Update(ctx.RxQueueIndex, new Entry { Value = ctx.IngressIfIndex, Hits = 7 });
                    return XdpAction.Pass;
                }
            }
            """;
        var code = Compile(Source, "xdp");
        for (int i = 0; i + 1 < code.Count; i++)
            Assert.False(code[i].Opcode == 0x18 && code[i + 1].Imm != 0, "a 64-bit immediate at " + i);
    }

    [Fact]
    public void A_map_update_value_behind_a_pointer_parameter_is_copied_to_the_stack_first()
    {
        // r may point into the packet. The kernel reading an update's value straight from the packet
        // made L4Balancer's ring fill three times slower than clang's copy-first code; the value
        // argument (r3 of bpf_map_update_elem) is a stack address, as a C local would be.
        const string Source = """
            public static unsafe partial class P
            {
                public struct Ring { public uint First; public fixed uint Reals[4]; }
                static readonly ArrayMap<uint> Slots = new(64);
                [MethodImpl(MethodImplOptions.NoInlining)]
                static bool Fill(Ring* r)
                {
                    for (uint i = 0; i < 4; i++)
                        if (Slots.Update((r->First + i) & 63, r->Reals[i]) != 0) return false;
                    return true;
                }
                [Xdp] public static XdpAction Main(XdpContext ctx)
                {
                    var r = (Ring*)(ctx.Data + 14);
                    if (r + 1 > ctx.DataEnd) return XdpAction.Pass;
                    return Fill(r) ? XdpAction.Drop : XdpAction.Pass;
                }
            }
            """;
        var code = Compile(Source, ".text");
        int call = code.ToList().FindIndex(i => i.Opcode == 0x85 && i.Imm == 2);
        Assert.True(call > 0, "no bpf_map_update_elem call");
        int setR3 = code.Take(call).ToList().FindLastIndex(i => i.Dst == 3 && (i.Opcode & 0x07) is 0x07 or 0x04);
        Assert.True(setR3 >= 0 && code[setR3] is { Opcode: 0xbf, Src: 10 } or { Opcode: 0x07 } && code.Take(setR3 + 1).Any(i => i is { Opcode: 0xbf, Dst: 3, Src: 10 }),
            "r3 is not a stack address: " + string.Join(" ", code.Take(call + 1).Select(i => i.Opcode.ToString("x2") + ":" + i.Dst + "," + i.Src)));
    }
}
