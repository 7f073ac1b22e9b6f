using CodeFirstBpf.Generator.Backends;
using Xunit;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>C# snippets through the lowering: the IR has the expected shape and LLVM verifies and compiles it.</summary>
public class LoweringTests
{
    private static string Program(string body, string members = "")
        => "public static unsafe partial class P {\n" + members + "\n[Xdp] public static XdpAction Main(XdpContext ctx) {\n" + body + "\n}\n}";

    private static string LowerAndCompile(string source, string cpu = "v3")
    {
        var (ir, diags) = GeneratorHarness.Lower(source);
        Assert.True(diags.IsEmpty, string.Join("\n", diags));
        var r = LlvmBackend.Compile(GeneratorHarness.Prepare(GeneratorHarness.LowerModel(source), cpu), cpu, null);
        Assert.True(r.Elf != null, r.Error + "\n" + ir);
        return ir;
    }

    public static TheoryData<string, string, string> Snippets => new()
    {
        { "integer widths and signedness", "sbyte a = -3; short b = (short)(a * 100); int c = b / 7; long d = c % 5; uint u = (uint)d; ulong w = u >> 3; return (XdpAction)(int)((long)w + d + (a < 0 ? 1 : 0));", "" },
        { "signed compare and shift", "int x = (int)ctx.IngressIfIndex - 5; return x < 0 ? XdpAction.Drop : (XdpAction)((x >> 1) & 3);", "" },
        { "unsigned wraparound", "byte b = 250; b += 10; ushort s = 0; s--; return b == 4 && s == 65535 ? XdpAction.Pass : XdpAction.Drop;", "" },
        { "pointer arithmetic and comparison", "byte* p = ctx.Data; byte* end = ctx.DataEnd; if (p + 20 > end) return XdpAction.Pass; long n = end - p; p += 4; return p[1] == 0 && n > 0 ? XdpAction.Drop : XdpAction.Pass;", "" },
        { "struct field through pointer and local", "var eth = (EthernetHeader*)ctx.Data; if (eth + 1 > ctx.DataEnd) return XdpAction.Pass; EthernetHeader copy = *eth; copy.EtherType = 1; return copy.EtherType == eth->EtherType ? XdpAction.Drop : XdpAction.Pass;", "" },
        { "fixed buffers", "var eth = (EthernetHeader*)ctx.Data; if (eth + 1 > ctx.DataEnd) return XdpAction.Pass; int sum = 0; for (int i = 0; i < 6; i++) sum += eth->Destination[i]; eth->Source[0] = (byte)sum; return XdpAction.Tx;", "" },
        { "switch statement", "switch (ctx.RxQueueIndex) { case 0: return XdpAction.Drop; case 1: case 2: return XdpAction.Tx; default: break; } return XdpAction.Pass;", "" },
        { "switch expression with patterns", "uint q = ctx.RxQueueIndex; return q switch { 0 => XdpAction.Drop, > 10 and < 20 => XdpAction.Tx, 5 or 6 => XdpAction.Aborted, _ => XdpAction.Pass };", "" },
        { "short-circuit and conditional", "uint a = ctx.RxQueueIndex, b = ctx.IngressIfIndex; bool both = a > 1 && b > 2; bool any = a == 0 || b == 0; return both ? XdpAction.Drop : any ? XdpAction.Tx : XdpAction.Pass;", "" },
        { "bounded loops with break and continue", "int n = 0; for (int i = 0; i < 16; i++) { if (i == 3) continue; if (i == 12) break; n += i; } int j = 0; while (j < 8) j++; do { j--; } while (j > 4); return (XdpAction)(n + j & 3);", "" },
        { "inlined static helper and generic helper", "return Add(ctx.RxQueueIndex, 1) == 2 && Pick<ushort>(true, 4, 3) == 4 ? XdpAction.Drop : XdpAction.Pass;",
            "static uint Add(uint a, uint b) => a + b; static T Pick<T>(bool c, T a, T b) where T : unmanaged => c ? a : b;" },
        { "NoInlining helper is a BPF-to-BPF call", "return Classify(ctx.RxQueueIndex);", "[MethodImpl(MethodImplOptions.NoInlining)] static XdpAction Classify(uint q) => q == 0 ? XdpAction.Drop : XdpAction.Pass;" },
        { "struct zero-init, initializer, with, sizeof, default", "Key k = new Key { A = 1, C = 7 }; Key k2 = k with { B = 2 }; Key z = default; int s = sizeof(Key); return k2.A + k2.B + k2.C + z.A + s == 26 ? XdpAction.Drop : XdpAction.Pass;",
            "struct Key { public byte A; public uint B; public ushort C; }" },
        { "ref and out parameters, ref locals", "uint v; Get(out v); Inc(ref v); ref uint r = ref v; r += 2; return (XdpAction)(v & 3);",
            "static void Get(out uint x) { x = 5; } static void Inc(ref uint x) { x++; }" },
        { "maps: lookup, update, delete, TryGetValue, Interlocked", "uint k = ctx.RxQueueIndex; ulong* c = Counts.Lookup(k); if (c != null) Interlocked.Increment(ref *c); else Counts.Update(k, 1, MapUpdate.NoExist); if (Counts.TryGetValue(k, out ulong seen) && seen > 100) Counts.Delete(k); Stats.Lookup(0); return XdpAction.Pass;",
            "static readonly HashMap<uint, ulong> Counts = new(1024); static readonly PerCpuArrayMap<ulong> Stats = new(1);" },
        { "struct map key with padding", "Flow f = new Flow { Src = 1, Port = 2 }; ulong* v = Flows.Lookup(f); if (v != null) Interlocked.Add(ref *v, 5); return XdpAction.Pass;",
            "struct Flow { public uint Src; public ushort Port; public byte Proto; } static readonly LruHashMap<Flow, ulong> Flows = new(64);" },
        { "byte order and helpers", "ushort p = ByteOrder.Htons(80); uint a = ByteOrder.Ntohl(ctx.RxQueueIndex); ulong t = Bpf.KtimeGetNs(); uint r = Bpf.GetPrandomU32(); uint cpu = Bpf.GetSmpProcessorId(); Bpf.Printk(\"q=%u p=%u\", a, p); return (XdpAction)((t + r + cpu + System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(a)) & 1);", "" },
        { "IPv4 header length and enum math", "var ip = (IPv4Header*)(ctx.Data + 14); if (ip + 1 > ctx.DataEnd) return XdpAction.Pass; int hl = ip->HeaderLength; XdpAction a = XdpAction.Drop | XdpAction.Pass; return hl > 20 ? a : XdpAction.Pass;", "" },
        { "goto case and labels", "uint q = ctx.RxQueueIndex; switch (q) { case 1: goto case 2; case 2: q = 9; break; default: goto done; } done: return (XdpAction)(q & 3);", "" },
        { "const and static readonly constants", "return ctx.RxQueueIndex == Limit + Extra ? XdpAction.Drop : XdpAction.Pass;", "const uint Limit = 4; static readonly uint Extra = 2;" },
    };

    private static string TcProgram(string body, string members = "")
        => "public static unsafe partial class P {\n" + members + "\n[Tc] public static TcAction Main(TcContext ctx) {\n" + body + "\n}\n}";

    /// <summary>P1 helpers and map kinds: (what, XDP or TC, body, members, a helper call the IR must contain).</summary>
    public static TheoryData<string, bool, string, string, string> HelperSnippets => new()
    {
        { "Bpf.Redirect", true, "return (XdpAction)Bpf.Redirect(ctx.IngressIfIndex, 0);", "", "i64 23 to ptr" },
        { "Bpf.CsumDiff", false, "uint a = 1, b = ctx.Mark; long d = Bpf.CsumDiff(&a, 4, &b, 4, 0); long e = Bpf.CsumDiff(null, 0, &b, 4, (uint)d); return e > 0 ? TcAction.Ok : TcAction.Shot;", "", "i64 28 to ptr" },
        { "XdpContext.AdjustHead", true, "if (ctx.AdjustHead(-4) != 0) return XdpAction.Aborted; byte* p = ctx.Data; if (p + 4 > ctx.DataEnd) return XdpAction.Drop; p[0] = 1; return XdpAction.Tx;", "", "i64 44 to ptr" },
        { "XdpContext.AdjustTail", true, "int d = (int)ctx.RxQueueIndex - 8; return ctx.AdjustTail(d) == 0 ? XdpAction.Tx : XdpAction.Drop;", "", "i64 65 to ptr" },
        { "XdpContext.AdjustMeta", true, "if (ctx.AdjustMeta(-8) != 0) return XdpAction.Pass; uint* m = (uint*)ctx.DataMeta; if (m + 2 > (uint*)ctx.Data) return XdpAction.Pass; m[0] = 7; return XdpAction.Pass;", "", "i64 54 to ptr" },
        { "TcContext.LoadBytes", false, "IPv4Header ip; if (ctx.LoadBytes(14, &ip, (uint)sizeof(IPv4Header)) < 0) return TcAction.Ok; return ip.Ttl == 1 ? TcAction.Shot : TcAction.Ok;", "", "i64 26 to ptr" },
        { "TcContext.StoreBytes with and without recompute", false, "ushort port = ByteOrder.Htons(80); ctx.StoreBytes(36, &port, 2); bool r = ctx.Mark != 0; ctx.StoreBytes(36, &port, 2, r); ctx.StoreBytes(36, &port, 2, recomputeChecksum: true); return TcAction.Ok;", "", "i64 9 to ptr" },
        { "TcContext.L3CsumReplace", false, "return ctx.L3CsumReplace(24, 1, ctx.Mark, 4) == 0 ? TcAction.Ok : TcAction.Shot;", "", "i64 10 to ptr" },
        { "TcContext.L4CsumReplace", false, "ctx.L4CsumReplace(50, 1, 2, 2); ctx.L4CsumReplace(50, 1, ctx.Mark, 4, pseudoHeader: true); ctx.L4CsumReplace(50, 0, 5, 0, ctx.Hash != 0); return TcAction.Ok;", "", "i64 11 to ptr" },
        { "TcContext.ChangeType", false, "return ctx.ChangeType(3) == 0 ? TcAction.Ok : TcAction.Shot;", "", "i64 32 to ptr" },
        { "ProgramArrayMap.TailCall (XDP)", true, "Jumps.TailCall(ctx, ctx.RxQueueIndex); return XdpAction.Pass;", "static readonly ProgramArrayMap Jumps = new(8);", "i64 12 to ptr" },
        { "ProgramArrayMap.TailCall (TC)", false, "Jumps.TailCall(ctx, 1); return TcAction.Ok;", "static readonly ProgramArrayMap Jumps = new(maxEntries: 2);", "i64 12 to ptr" },
        { "DevMap.Redirect", true, "return Ports.Redirect(ctx.RxQueueIndex, XdpAction.Pass);", "static readonly DevMap Ports = new(64);", "i64 51 to ptr" },
        { "CpuMap.Redirect with default fallback", true, "return Cpus.Redirect(Bpf.GetSmpProcessorId());", "static readonly CpuMap Cpus = new(4);", "i64 51 to ptr" },
        { "XskMap.Redirect", true, "var a = Sockets.Redirect(ctx.RxQueueIndex, XdpAction.Drop); return a;", "static readonly XskMap Sockets = new(4);", "i64 51 to ptr" },
        { "QueueMap.Push", true, "uint v = ctx.RxQueueIndex; Fifo.Push(v); Fifo.Push(7, MapUpdate.Exist); return XdpAction.Pass;", "static readonly QueueMap<uint> Fifo = new(16);", "i64 87 to ptr" },
        { "QueueMap.TryPop", true, "return Fifo.TryPop(out uint v) && v == 1 ? XdpAction.Drop : XdpAction.Pass;", "static readonly QueueMap<uint> Fifo = new(16);", "i64 88 to ptr" },
        { "StackMap.TryPeek of a struct", true, "Pair p; if (!Lifo.TryPeek(out p)) return XdpAction.Pass; return p.A == p.B ? XdpAction.Drop : XdpAction.Pass;", "struct Pair { public ulong A; public uint B; } static readonly StackMap<Pair> Lifo = new(16);", "i64 89 to ptr" },
        { "PerfEventArrayMap.Output (XDP, sized per CPU)", true, "var e = new Ev { Len = (uint)(ctx.DataEnd - ctx.Data) }; return Events.Output(ctx, e) == 0 ? XdpAction.Pass : XdpAction.Drop;", "struct Ev { public uint Len; public ushort Proto; } static readonly PerfEventArrayMap<Ev> Events = new();", "i64 25 to ptr" },
        { "PerfEventArrayMap.Output (TC, sized)", false, "ulong t = Bpf.KtimeGetNs(); Events.Output(ctx, t); return TcAction.Ok;", "static readonly PerfEventArrayMap<ulong> Events = new(4);", "i64 25 to ptr" },
    };

    [Theory]
    [MemberData(nameof(HelperSnippets))]
    public void P1_helper_lowers_to_its_kernel_helper_and_compiles(string what, bool xdp, string body, string members, string call)
    {
        Assert.NotEmpty(what);
        string ir = LowerAndCompile(xdp ? Program(body, members) : TcProgram(body, members));
        Assert.Contains(call, ir);
    }

    [Fact]
    public void Perf_output_passes_the_current_cpu_flag_and_the_event_size()
    {
        string ir = LowerAndCompile(Program("ulong v = 1; Events.Output(ctx, v); return XdpAction.Pass;", "static readonly PerfEventArrayMap<ulong> Events = new();"));
        Assert.Contains("i64 4294967295, ptr", ir);
        Assert.Contains(", i64 8)", ir);
    }

    [Fact]
    public void L4CsumReplace_ors_the_pseudo_header_flag_into_the_size()
    {
        string ir = LowerAndCompile(TcProgram("ctx.L4CsumReplace(50, 1, 2, 4, pseudoHeader: true); return TcAction.Ok;"));
        Assert.Contains("i64 50, i64 1, i64 2, i64 20)", ir);
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Subset_construct_lowers_and_compiles(string what, string body, string members)
    {
        Assert.NotEmpty(what);
        LowerAndCompile(Program(body, members));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v3")]
    [InlineData("v4")]
    public void Signed_division_compiles_on_every_cpu(string cpu)
    {
        // Before v4 BPF has no sdiv/srem: LLVM used to report an error and emit a program that
        // returned 0 on every path. The support functions now build them from unsigned ones.
        string ir = LowerAndCompile(Program("int a = (int)ctx.RxQueueIndex - 100; long b = (long)ctx.IngressIfIndex - 7; short c = (short)a; return (XdpAction)((a / 3 + a % 7 + (int)(b / (b | 1)) + (int)(b % 5) + c / 2) & 3);"), cpu);
        Assert.Contains("@cfb.sdiv.i32", ir);
        Assert.Contains("@cfb.srem.i64", ir);
    }

    [Fact]
    public void Llvm_errors_fail_the_compile_instead_of_yielding_a_wrong_object()
    {
        var r = LlvmBackend.Compile("target triple = \"bpfel\"\ndefine i32 @f(i32 %a, i32 %b) section \"xdp\" {\nentry:\n  %q = sdiv i32 %a, %b\n  ret i32 %q\n}\n", "v3", null);
        Assert.Null(r.Elf);
        Assert.Contains("signed division", r.Error);
    }

    [Fact]
    public void Overloads_and_same_named_helpers_are_distinct_functions()
    {
        const string members = "static uint Sum(uint a) => a + 1; static ulong Sum(ulong a) => a + 2; static int Sum(int a, int b) => a + b;"
            + "[MethodImpl(MethodImplOptions.NoInlining)] static uint F(uint x) => x + 10;";
        string ir = LowerAndCompile("public static class Other { [MethodImpl(MethodImplOptions.NoInlining)] public static uint F(uint x) => x + 20; }\n"
            + Program("uint q = ctx.RxQueueIndex; return (XdpAction)((Sum(q) + (uint)Sum((ulong)q) + (uint)Sum(1, 2) + F(q) + Other.F(q)) & 3);", members));
        // Named after the method; qualified (then numbered) only where the name is taken.
        Assert.Contains("define internal i32 @Sum(", ir);
        Assert.Contains("define internal i64 @P__Sum(", ir);
        Assert.Contains("define internal i32 @P__Sum_1(", ir);
        Assert.Contains("define internal i32 @F(", ir);
        Assert.Contains("define internal i32 @Other__F(", ir);
    }

    [Fact]
    public void Elf_functions_carry_their_method_names_qualified_only_on_collision()
    {
        var r = GeneratorHarness.Run("public static class Other { [MethodImpl(MethodImplOptions.NoInlining)] public static uint Mix(uint x) => x * 7;"
            + " [MethodImpl(MethodImplOptions.NoInlining)] public static uint Hits(uint x) => x * 3; }\n"
            + Program("uint q = ctx.RxQueueIndex; Hits += Other.Hits(q); return (XdpAction)((Mix(q) + Other.Mix(q) + Checksum(q) + memset(q)) & 3);",
                "[MethodImpl(MethodImplOptions.NoInlining)] static uint Mix(uint x) => x + 10;"
                + "[MethodImpl(MethodImplOptions.NoInlining)] static uint Checksum(uint x) => x ^ 5;"
                + "[MethodImpl(MethodImplOptions.NoInlining)] static uint memset(uint x) => x | 9;"
                + "static uint Hits;"));
        Assert.Empty(r.Bpf);
        var functions = ElfSymbols.Functions(r.Elf);
        Assert.Equal(new[] { "Checksum", "Main", "Mix", "Other__Hits", "Other__Mix", "P__memset" }, functions.OrderBy(f => f, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Packed_struct_fields_are_accessed_with_their_real_alignment()
    {
        string ir = LowerAndCompile(Program("var p = (Packed*)(ctx.Data + 14); if (p + 1 > ctx.DataEnd) return XdpAction.Pass; Packed local = *p; local.Value += 1; local.Port = 7; return (XdpAction)(local.Value & 3);",
            "[StructLayout(LayoutKind.Sequential, Pack = 1)] struct Packed { public byte Kind; public uint Value; public ushort Port; }"));
        Assert.Contains("load i32, ptr %t", ir);
        Assert.Matches(@"load i32, ptr %t\d+, align 1", ir);
        Assert.Matches(@"store i16 7, ptr %t\d+, align 1", ir);
        Assert.DoesNotMatch(@"i32 .*align 4", ir.Split("define dso_local")[1].Split("}")[0].Replace("@__cfb", ""));
    }

    [Fact]
    public void Stackalloc_with_a_constant_size_is_a_zeroed_stack_buffer()
    {
        string ir = LowerAndCompile(Program("byte* buf = stackalloc byte[16]; for (int i = 0; i < 16; i++) buf[i] = (byte)(ctx.RxQueueIndex + (uint)i); return (XdpAction)(buf[3] & 3);"));
        Assert.Contains("alloca [16 x i8]", ir);
    }

    [Fact]
    public void Stackalloc_of_unknown_size_is_a_diagnostic_not_a_crash()
    {
        var (_, diags) = GeneratorHarness.Lower(Program("int n = (int)ctx.RxQueueIndex; byte* buf = stackalloc byte[n]; return (XdpAction)buf[0];"));
        Assert.Contains(diags, d => d.Id == "BPF1001");
    }

    [Fact]
    public void Pointer_difference_stays_64_bit()
    {
        string ir = LowerAndCompile(Program("int len = (int)(ctx.DataEnd - ctx.Data); var e = (EthernetHeader*)ctx.DataEnd; long headers = e - (EthernetHeader*)ctx.Data; return (XdpAction)((len + headers) & 3);"));
        Assert.Contains("@llvm.bpf.passthrough.i64.i64(i32 0, i64", ir);
    }

    [Fact]
    public void Static_fields_become_rodata_data_and_bss_globals()
    {
        string ir = LowerAndCompile(Program("Interlocked.Increment(ref Seen); return ctx.RxQueueIndex > Limit && Enabled ? (XdpAction)(Mode & 3) : XdpAction.Pass;",
            "[Config] static readonly uint Limit = 4; [Config] static readonly bool Enabled = true; static ulong Seen; static int Mode = 2;"));
        Assert.Contains("@Limit = dso_local global i32 4, section \".rodata\"", ir);
        Assert.Contains("@Enabled = dso_local global i8 1, section \".rodata\"", ir);
        Assert.Contains("@Seen = dso_local global i64 zeroinitializer, section \".bss\"", ir);
        Assert.Contains("@Mode = dso_local global i32 2, section \".data\"", ir);
        Assert.Contains("load volatile i32, ptr @Limit", ir);
        Assert.Contains("DW_TAG_volatile_type", ir);
    }

    [Fact]
    public void Bpf_loop_body_becomes_a_callback_returning_zero_or_one()
    {
        string ir = LowerAndCompile(Program("ulong total = 0; Bpf.Loop(1000, &Body, ref total); return (XdpAction)(total & 3);",
            "static long Body(uint i, ref ulong total) { total += i; return total > 100 ? 1 : 0; }"));
        Assert.Contains("call i64 inttoptr (i64 181 to ptr)(i32", ir);
        Assert.Contains("define internal i64 @Body__loop(i64 noundef %a.index, ptr noundef %a.ctx) #2", ir);
    }

    [Fact]
    public void Bpf_loop_body_must_be_a_static_method_named_directly()
    {
        var (_, diags) = GeneratorHarness.Lower(Program("ulong total = 0; delegate*<uint, ref ulong, long> f = &Body; Bpf.Loop(10, f, ref total); return XdpAction.Pass;",
            "static long Body(uint i, ref ulong total) => 0;"));
        var d = Assert.Single(diags);
        Assert.Equal("BPF1001", d.Id);
        Assert.Contains("Bpf.Loop(n, &Body, ref state)", d.GetMessage());
    }

    [Fact]
    public void Tc_program_reads_and_writes_skb_fields()
    {
        string ir = LowerAndCompile("public static unsafe partial class P { [Tc] public static TcAction Main(TcContext ctx) { ctx.Mark = ctx.Len + 1; ctx.Priority = 3; ctx.Cb[1] = 7; return ctx.Protocol == 8 ? TcAction.Ok : TcAction.Shot; } }");
        Assert.Contains("section \"tc\"", ir);
        Assert.Contains("getelementptr inbounds i8, ptr %t", ir);
    }

    [Fact]
    public void Signed_division_and_masked_shifts_follow_csharp_semantics()
    {
        var (ir, _) = GeneratorHarness.Lower(Program("int a = (int)ctx.RxQueueIndex; int n = (int)ctx.IngressIfIndex; uint u = ctx.RxQueueIndex; return (XdpAction)((a / 3) + (int)(u / 3) + (a << n));"));
        Assert.Contains("call i32 @cfb.sdiv.i32(", ir);
        Assert.Contains("udiv i32", ir);
        Assert.Contains("and i32", ir); // shift count masked to 31 as in C#
    }

    [Fact]
    public void Struct_locals_are_zeroed_including_padding()
    {
        var (ir, _) = GeneratorHarness.Lower(Program("Key k; k.A = 1; Keys.Lookup(k); return XdpAction.Pass;", "struct Key { public byte A; public uint B; } static readonly HashMap<Key, uint> Keys = new(4);"));
        Assert.Contains("call void @llvm.memset.p0.i64(ptr align 4 %t", ir);
        Assert.Contains("i64 8, i1 false)", ir);
    }

    [Fact]
    public void A_struct_local_that_LoadBytes_fills_is_not_zeroed_first()
    {
        const string tc = "public static unsafe partial class P {{ [Tc] public static TcAction Main(TcContext ctx) {{ {0} }} }}";
        var (filled, _) = GeneratorHarness.Lower(string.Format(tc, "IPv4Header ip; if (ctx.LoadBytes(14, &ip, (uint)sizeof(IPv4Header)) != 0) return TcAction.Ok; return ip.Ttl == 1 ? TcAction.Shot : TcAction.Ok;"));
        Assert.DoesNotContain("@llvm.memset.p0.i64(ptr", filled.Split("declare")[0]);
        // A property of the filled struct (HeaderLength) reads it as a field does.
        var (property, _) = GeneratorHarness.Lower(string.Format(tc, "IPv4Header ip; if (ctx.LoadBytes(14, &ip, (uint)sizeof(IPv4Header)) != 0) return TcAction.Ok; return ip.HeaderLength > 20 ? TcAction.Shot : TcAction.Ok;"));
        Assert.DoesNotContain("@llvm.memset.p0.i64(ptr", property.Split("declare")[0]);
        // Shorter than the struct, or used some other way: zeroed as always.
        var (partial, _) = GeneratorHarness.Lower(string.Format(tc, "IPv4Header ip; if (ctx.LoadBytes(14, &ip, 8) != 0) return TcAction.Ok; return ip.Ttl == 1 ? TcAction.Shot : TcAction.Ok;"));
        Assert.Contains("@llvm.memset.p0.i64(ptr", partial.Split("declare")[0]);
        var (copied, _) = GeneratorHarness.Lower(string.Format(tc, "IPv4Header ip; ctx.LoadBytes(14, &ip, 20); IPv4Header copy = ip; return copy.Ttl == 1 ? TcAction.Shot : TcAction.Ok;"));
        Assert.Contains("@llvm.memset.p0.i64(ptr", copied.Split("declare")[0]);
    }

    [Fact]
    public void Byte_order_of_constants_is_folded()
    {
        var (ir, _) = GeneratorHarness.Lower(Program("return ctx.RxQueueIndex == ByteOrder.Htonl(0x01020304) ? XdpAction.Drop : XdpAction.Pass;"));
        Assert.Contains(unchecked((int)0x04030201).ToString(), ir);
        Assert.DoesNotContain("@llvm.bswap.i32(i32", ir.Split("declare")[0]);
    }

    [Fact]
    public void Maps_are_btf_definitions_in_dot_maps()
    {
        var (ir, _) = GeneratorHarness.Lower(Program("return XdpAction.Pass;", "static readonly HashMap<uint, ulong> M = new(maxEntries: 77);"));
        Assert.Contains("@M = dso_local global { ptr, ptr, ptr, ptr } zeroinitializer, section \".maps\"", ir);
        Assert.Contains("!DISubrange(count: 77)", ir);
        Assert.Contains("name: \"max_entries\"", ir);
        Assert.Contains("@llvm.compiler.used", ir);
        Assert.Contains("section \"license\"", ir);
    }

    [Fact]
    public void Licence_comes_from_the_attribute()
    {
        var (ir, _) = GeneratorHarness.Lower("[BpfLicense(\"Dual BSD/GPL\")] " + Program("return XdpAction.Pass;"));
        Assert.Contains("c\"Dual BSD/GPL\\00\", section \"license\"", ir);
    }

    [Fact]
    public void Every_function_has_a_subprogram_with_named_parameters()
    {
        var (ir, _) = GeneratorHarness.Lower(Program("return H(1, ctx.RxQueueIndex);", "[MethodImpl(MethodImplOptions.NoInlining)] static XdpAction H(int a, uint b) => (XdpAction)(a + (int)b);"));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(ir, "distinct !DISubprogram").Count);
        Assert.Contains("!DILocalVariable(name: \"ctx\", arg: 1", ir);
        Assert.Contains("!DILocalVariable(name: \"b\", arg: 2", ir);
        Assert.Contains("name: \"xdp_md\"", ir);
    }
}
