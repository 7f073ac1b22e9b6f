using CodeFirstBpf.Generator.Backends;
using CodeFirstBpf.Generator.IR;
using Xunit;

namespace CodeFirstBpf.Generator.Tests;

public class IrBuilderTests
{
    [Fact]
    public void Function_prints_exact_text_with_hoisted_allocas()
    {
        var fb = new FunctionBuilder("f", LType.I32, new[] { (LType.I32, "a.x", "noundef") });
        LValue slot = fb.Alloca(LType.I32, 4);
        fb.Store(fb.Param(0), slot, 4);
        LValue v = fb.Load(LType.I32, slot, 4);
        LValue sum = fb.Binary(BinaryOp.Add, v, LValue.Const(LType.I32, 1));
        fb.Ret(sum);
        Assert.Equal(
            "entry:\n" +
            "  %t0 = alloca i32, align 4\n" +
            "  store i32 %a.x, ptr %t0, align 4\n" +
            "  %t1 = load i32, ptr %t0, align 4\n" +
            "  %t2 = add i32 %t1, 1\n" +
            "  br label %return\n" +
            "return:\n" +
            "  ret i32 %t2\n", fb.BodyText());
    }

    [Fact]
    public void Returns_meet_in_one_block_whose_phi_takes_each_value()
    {
        var fb = new FunctionBuilder("f", LType.I32, new[] { (LType.I1, "a.c", "noundef zeroext") });
        var then = fb.NewBlock("then");
        var other = fb.NewBlock("else");
        fb.CondBr(fb.Param(0), then, other);
        fb.SetBlock(then);
        fb.Ret(LValue.Const(LType.I32, 1));
        fb.SetBlock(other);
        fb.Ret(LValue.Const(LType.I32, 2));
        Assert.Equal(
            "entry:\n" +
            "  br i1 %a.c, label %then, label %else\n" +
            "then:\n" +
            "  br label %return\n" +
            "else:\n" +
            "  br label %return\n" +
            "return:\n" +
            "  %t0 = phi i32 [ 1, %then ], [ 2, %else ]\n" +
            "  ret i32 %t0\n", fb.BodyText());
        Assert.Throws<LoweringException>(() => new FunctionBuilder("g", LType.I32, Array.Empty<(LType, string, string)>()).Ret(LValue.Const(LType.I64, 0)));
    }

    [Fact]
    public void Calls_carry_the_callees_parameter_attributes()
    {
        var fb = new FunctionBuilder("f", LType.Void, Array.Empty<(LType, string, string)>());
        fb.Call(LType.Void, "@g", new[] { LValue.Const(LType.I1, 1), LValue.Const(LType.I32, 7) }, argAttrs: new[] { "noundef zeroext", "noundef" });
        Assert.Contains("call void @g(i1 noundef zeroext true, i32 noundef 7)", fb.BodyText());
    }

    [Fact]
    public void Builder_rejects_mismatched_operand_types()
    {
        var fb = new FunctionBuilder("f", LType.Void, Array.Empty<(LType, string, string)>());
        Assert.Throws<LoweringException>(() => fb.Binary(BinaryOp.Add, LValue.Const(LType.I32, 1), LValue.Const(LType.I64, 1)));
        Assert.Throws<LoweringException>(() => fb.CondBr(LValue.Const(LType.I32, 1), fb.Current, fb.Current));
        Assert.Throws<LoweringException>(() => fb.Load(LType.I32, LValue.Const(LType.I64, 0), 4));
    }

    [Fact]
    public void Block_labels_and_code_after_terminators_are_deduplicated()
    {
        var fb = new FunctionBuilder("f", LType.Void, Array.Empty<(LType, string, string)>());
        var a = fb.NewBlock("x");
        var b = fb.NewBlock("x");
        Assert.Equal("x", a.Label);
        Assert.Equal("x.1", b.Label);
        fb.Ret(null);
        fb.Raw("call void @g()");
        Assert.Contains("dead:\n  call void @g()\n  unreachable\n", fb.BodyText());
    }

    [Fact]
    public void Types_are_value_equal_and_print_as_llvm()
    {
        Assert.Equal(LType.Int(32), LType.I32);
        Assert.Equal(LType.Bytes(14), LType.Bytes(14));
        Assert.NotEqual(LType.Bytes(14), LType.Bytes(16));
        Assert.Equal("[14 x i8]", LType.Bytes(14).ToString());
        Assert.Equal("ptr", LType.Ptr.ToString());
        Assert.Equal(2, LType.I16.StoreSize);
        Assert.Equal(1, LType.I1.StoreSize);
    }

    [Fact]
    public void Metadata_nodes_are_uniqued_and_numbered_in_order()
    {
        var md = new MetadataTable();
        Assert.Equal("!0", md.Add("!{i32 1}"));
        Assert.Equal("!1", md.Reserve());
        Assert.Equal("!0", md.Add("!{i32 1}"));
        md.Set("!1", "!{!0}");
        var sb = new System.Text.StringBuilder();
        md.Print(sb);
        Assert.Equal("!0 = !{i32 1}\n!1 = !{!0}\n", sb.ToString());
        Assert.Equal("\"a\\22b\\0A\"", MetadataTable.Quote("a\"b\n"));
    }

    [Fact]
    public void A_built_module_is_accepted_by_llvm_and_yields_a_bpf_elf()
    {
        var module = new ModuleText("m");
        var fb = new FunctionBuilder("prog", LType.I32, new[] { (LType.Ptr, "a.ctx", "noundef") });
        fb.Ret(LValue.Const(LType.I32, 2));
        module.AddFunction(new IrFunction(fb, FunctionAttributes.Program, "xdp", debug: null), keep: true);
        module.AddGlobal(IrGlobal.CString("LICENSE", "GPL", "license", isConstant: false, isInternal: false), keep: true);
        string text = module.Print();
        Assert.Contains("define dso_local i32 @prog(ptr noundef %a.ctx) #0 section \"xdp\" {", text);
        Assert.Contains("@LICENSE = dso_local global [4 x i8] c\"GPL\\00\", section \"license\", align 1", text);
        var r = LlvmBackend.Compile(module.Print(), "v3", null);
        Assert.True(r.Elf != null, r.Error);
        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, r.Elf!.Take(4).ToArray());
        Assert.Equal(247, BitConverter.ToUInt16(r.Elf, 18)); // e_machine = EM_BPF
    }

    [Fact]
    public void Llvm_15_compiles_a_real_program_with_debug_info()
    {
        // LLVM 15 crashes in its BTF emitter on a function without a DISubprogram; every function
        // the lowering writes has one. Skipped only where libLLVM-15 is not installed.
        const string lib = "libLLVM-15.so.1";
        if (!System.IO.File.Exists("/usr/lib/x86_64-linux-gnu/" + lib)) return;
        const string Source15 = "public static unsafe partial class P { static readonly HashMap<uint, ulong> M = new(8); [MethodImpl(MethodImplOptions.NoInlining)] static uint H(uint x) => x * 3; [Xdp] public static XdpAction Main(XdpContext ctx) { ulong* v = M.Lookup(H(ctx.RxQueueIndex)); if (v != null) Interlocked.Increment(ref *v); return XdpAction.Pass; } }";
        var (ir, diags) = GeneratorHarness.Lower(Source15);
        Assert.Empty(diags);
        var r = LlvmBackend.Compile(GeneratorHarness.Prepare(GeneratorHarness.LowerModel(Source15), "v3"), "v3", lib);
        Assert.True(r.Elf != null, r.Error);
        Assert.Contains(".BTF.ext", System.Text.Encoding.ASCII.GetString(r.Elf!));
    }

    [Fact]
    public void Llvm_errors_come_back_as_messages_not_process_exits()
    {
        var r = LlvmBackend.Compile("define i32 @f() {\n entry:\n  ret i64 0\n}\n", "v3", null);
        Assert.Null(r.Elf);
        Assert.Contains("parse error", r.Error);
    }

    [Fact]
    public void A_missing_llvm_is_reported_as_such()
    {
        var r = LlvmBackend.Compile("", "v3", "/nonexistent/libLLVM.so");
        Assert.True(r.LlvmMissing);
        Assert.Contains("/nonexistent/libLLVM.so", r.Error);
    }
}
