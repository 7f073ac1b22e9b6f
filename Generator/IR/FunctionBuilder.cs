using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CodeFirstBpf.Generator.IR;

/// <summary>A basic block: a label and its instruction lines.</summary>
internal sealed class BasicBlock
{
    public BasicBlock(string label) => Label = label;

    public string Label { get; }
    public List<string> Lines { get; } = new();
    public bool IsTerminated { get; set; }
    public string Ref => "%" + Label;
}

/// <summary>
/// Builds one LLVM function as text, instruction by instruction, checking operand types as it
/// goes (a mismatch is a lowering bug, caught here instead of by LLVM's parser). Register and
/// block names are de-duplicated by counters, so output is deterministic.
/// </summary>
internal sealed class FunctionBuilder
{
    private readonly List<BasicBlock> _blocks = new();
    private readonly List<StackSlot> _allocas = new();
    private readonly Dictionary<string, StackSlot> _slots = new();

    /// <summary>An <c>alloca</c> of the entry block; its alignment may still be raised (<see cref="Realign"/>).</summary>
    private sealed class StackSlot(string name, LType type, int align)
    {
        public string Name { get; } = name;
        public LType Type { get; } = type;
        public int Align { get; set; } = align;
        public override string ToString() => Name + " = alloca " + Type + ", align " + Align.ToString(CultureInfo.InvariantCulture);
    }
    private readonly Dictionary<string, int> _labelCounts = new();
    private int _temp;

    public FunctionBuilder(string name, LType returnType, IReadOnlyList<(LType Type, string Name, string Attrs)> parameters)
    {
        Name = name;
        ReturnType = returnType;
        Parameters = parameters;
        Current = NewBlock("entry");
        SetBlock(Current);
    }

    public string Name { get; }
    public LType ReturnType { get; }
    public IReadOnlyList<(LType Type, string Name, string Attrs)> Parameters { get; }
    public BasicBlock Current { get; private set; }

    /// <summary>The <c>, !dbg !N</c> suffix put on every instruction emitted while set.</summary>
    public string? DebugLocation { get; set; }

    public LValue Param(int index) => new(Parameters[index].Type, "%" + Parameters[index].Name);

    public BasicBlock NewBlock(string hint)
    {
        _labelCounts.TryGetValue(hint, out int n);
        _labelCounts[hint] = n + 1;
        var b = new BasicBlock(n == 0 ? hint : hint + "." + n.ToString(CultureInfo.InvariantCulture));
        _blocks.Add(b);
        return b;
    }

    /// <summary>Makes <paramref name="block"/> the one instructions go to; the body lists blocks in the order they were first filled.</summary>
    public void SetBlock(BasicBlock block)
    {
        Current = block;
        if (_placed.Add(block)) _order.Add(block);
    }

    // Blocks in the order code was first emitted into them, as clang inserts a block when it starts
    // emitting it: "(a || b) && c" makes c's block before b's, and in creation order LLVM's CFG
    // simplification then duplicates c instead of turning a == x || a == y into one switch.
    private readonly List<BasicBlock> _order = new();
    private readonly HashSet<BasicBlock> _placed = new();

    private string Fresh() => "%t" + (_temp++).ToString(CultureInfo.InvariantCulture);

    private void Emit(string line)
    {
        if (Current.IsTerminated)
        {
            // Code after a return/branch is unreachable; give it a block of its own.
            SetBlock(NewBlock("dead"));
        }
        Current.Lines.Add(DebugLocation == null ? line : line + ", !dbg " + DebugLocation);
    }

    private LValue EmitValue(LType type, string rhs)
    {
        string r = Fresh();
        Emit(r + " = " + rhs);
        return new LValue(type, r);
    }

    private static void Require(bool ok, string what)
    {
        if (!ok) throw new LoweringException("IR type mismatch: " + what);
    }

    /// <summary>A stack slot, hoisted to the entry block so mem2reg/SROA can promote it.</summary>
    public LValue Alloca(LType type, int align)
    {
        var slot = new StackSlot(Fresh(), type, align);
        _allocas.Add(slot);
        _slots[slot.Name] = slot;
        return new LValue(LType.Ptr, slot.Name);
    }

    /// <summary>Raises the alignment of <paramref name="slot"/> to at least <paramref name="align"/> if it is one of this function's stack slots; false for any other pointer.</summary>
    public bool Realign(LValue slot, int align)
    {
        if (!_slots.TryGetValue(slot.Text, out StackSlot? s)) return false;
        s.Align = Math.Max(s.Align, align);
        return true;
    }

    public LValue Binary(BinaryOp op, LValue a, LValue b, string flags = "")
    {
        Require(a.Type == b.Type && a.Type.IsInt, op.Text() + " " + a.Type + ", " + b.Type);
        return EmitValue(a.Type, op.Text() + (flags.Length == 0 ? "" : " " + flags) + " " + a.Typed + ", " + b.Text);
    }

    public LValue ICmp(IntPredicate pred, LValue a, LValue b)
    {
        Require(a.Type == b.Type && (a.Type.IsInt || a.Type.IsPtr), "icmp " + a.Type + ", " + b.Type);
        return EmitValue(LType.I1, "icmp " + pred.Text() + " " + a.Typed + ", " + b.Text);
    }

    public LValue Cast(CastOp op, LValue v, LType to)
    {
        if (v.Type == to) return v;
        return EmitValue(to, op.Text() + " " + v.Typed + " to " + to);
    }

    public LValue Select(LValue cond, LValue a, LValue b)
    {
        Require(cond.Type == LType.I1 && a.Type == b.Type, "select");
        return EmitValue(a.Type, "select " + cond.Typed + ", " + a.Typed + ", " + b.Typed);
    }

    private readonly List<(BasicBlock Block, int Index, int Length)> _packetLoads = new();

    /// <summary>A load of one of the context's packet pointer fields (<c>data</c>, <c>data_end</c>, <c>data_meta</c>).</summary>
    public LValue LoadPacketPointer(LValue ptr)
    {
        LValue v = Load(LType.I32, ptr, 4);
        string line = Current.Lines[Current.Lines.Count - 1];
        int length = DebugLocation == null ? line.Length : line.Length - (", !dbg " + DebugLocation).Length;
        _packetLoads.Add((Current, Current.Lines.Count - 1, length));
        return v;
    }

    /// <summary>Marks the packet pointer loads with <paramref name="node"/> (an empty metadata node) as <c>!invariant.load</c>.</summary>
    public void MarkPacketLoadsInvariant(string node)
    {
        foreach (var (block, index, length) in _packetLoads)
            block.Lines[index] = block.Lines[index].Insert(length, ", !invariant.load " + node);
        _packetLoads.Clear();
    }

    /// <summary>A load; <paramref name="metadata"/> is attachments after the alignment (e.g. <c>, !alias.scope !4, !noalias !5</c>), or null.</summary>
    public LValue Load(LType type, LValue ptr, int align, bool isVolatile = false, string? metadata = null)
    {
        Require(ptr.Type.IsPtr, "load from " + ptr.Type);
        return EmitValue(type, "load " + (isVolatile ? "volatile " : "") + type + ", " + ptr.Typed + ", align " + align.ToString(CultureInfo.InvariantCulture) + metadata);
    }

    public void Store(LValue value, LValue ptr, int align, string? metadata = null)
    {
        Require(ptr.Type.IsPtr, "store to " + ptr.Type);
        Emit("store " + value.Typed + ", " + ptr.Typed + ", align " + align.ToString(CultureInfo.InvariantCulture) + metadata);
    }

    /// <summary><c>getelementptr inbounds i8, ptr p, i64 offset</c>: byte-offset addressing.</summary>
    public LValue Gep(LValue ptr, LValue byteOffset, bool inbounds = true)
    {
        Require(ptr.Type.IsPtr && byteOffset.Type.IsInt, "gep");
        if (byteOffset.IsConstant && byteOffset.Text == "0") return ptr;
        return EmitValue(LType.Ptr, "getelementptr " + (inbounds ? "inbounds " : "") + "i8, " + ptr.Typed + ", " + byteOffset.Typed);
    }

    public LValue Gep(LValue ptr, long byteOffset) => Gep(ptr, LValue.Const(LType.I64, byteOffset));

    public LValue AtomicRmw(string op, LValue ptr, LValue value)
    {
        Require(ptr.Type.IsPtr && value.Type.IsInt, "atomicrmw");
        return EmitValue(value.Type, "atomicrmw " + op + " " + ptr.Typed + ", " + value.Typed + " seq_cst, align " + value.Type.StoreSize.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Compare-exchange returning the old value.</summary>
    public LValue CmpXchg(LValue ptr, LValue expected, LValue desired)
    {
        Require(ptr.Type.IsPtr && expected.Type == desired.Type, "cmpxchg");
        string pair = Fresh();
        Emit(pair + " = cmpxchg " + ptr.Typed + ", " + expected.Typed + ", " + desired.Typed + " seq_cst seq_cst, align " + expected.Type.StoreSize.ToString(CultureInfo.InvariantCulture));
        return EmitValue(expected.Type, "extractvalue { " + expected.Type + ", i1 } " + pair + ", 0");
    }

    /// <summary>A call; <paramref name="callee"/> is <c>@name</c> or an <c>inttoptr</c> helper constant.</summary>
    /// <remarks><paramref name="argAttrs"/> repeats the callee's parameter attributes (zeroext and signext must match the definition's).</remarks>
    public LValue Call(LType ret, string callee, IReadOnlyList<LValue> args, string fnAttrs = "", IReadOnlyList<string>? argAttrs = null)
    {
        var sb = new StringBuilder();
        sb.Append("call ").Append(ret).Append(' ').Append(callee).Append('(');
        for (int i = 0; i < args.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(args[i].Type);
            if (argAttrs != null && argAttrs[i].Length > 0) sb.Append(' ').Append(argAttrs[i]);
            sb.Append(' ').Append(args[i].Text);
        }
        sb.Append(')');
        if (fnAttrs.Length > 0) sb.Append(' ').Append(fnAttrs);
        if (ret.IsVoid)
        {
            Emit(sb.ToString());
            return new LValue(LType.Void, string.Empty);
        }
        return EmitValue(ret, sb.ToString());
    }

    /// <summary>The value through an empty inline asm: the same bits, unknown to the optimiser.</summary>
    public LValue Opaque(LValue v)
    {
        Require(v.Type.IsInt && v.Type.Size >= 32, "opaque " + v.Type);
        // Without memory effects: two barriers on one value are one value (a / b and a % b share it).
        return EmitValue(v.Type, "call " + v.Type + " asm \"\", \"=r,0\"(" + v.Typed + ") #" + (int)FunctionAttributes.NoMemory);
    }

    /// <summary>A kernel helper call by id, the way clang emits it.</summary>
    public LValue CallHelper(int id, LType ret, IReadOnlyList<LValue> args)
    {
        if (args.Count > 5) throw new LoweringException("BPF helpers take at most 5 arguments");
        return Call(ret, "inttoptr (i64 " + id.ToString(CultureInfo.InvariantCulture) + " to ptr)", args);
    }

    public void Memset(LValue ptr, int size, int align)
    {
        Emit("call void @llvm.memset.p0.i64(ptr align " + align.ToString(CultureInfo.InvariantCulture) + " " + ptr.Text + ", i8 0, i64 " + size.ToString(CultureInfo.InvariantCulture) + ", i1 false)");
    }

    public void Memcpy(LValue dst, LValue src, int size, int align)
    {
        string a = align.ToString(CultureInfo.InvariantCulture);
        Emit("call void @llvm.memcpy.p0.p0.i64(ptr align " + a + " " + dst.Text + ", ptr align " + a + " " + src.Text + ", i64 " + size.ToString(CultureInfo.InvariantCulture) + ", i1 false)");
    }

    /// <summary>A constant-size copy that may overlap (<c>llvm.memmove</c>; declare it in the module).</summary>
    public void Memmove(LValue dst, int dstAlign, LValue src, int srcAlign, long size) => Copy("memmove", dst, dstAlign, src, srcAlign, size);

    /// <summary>A constant-size copy of regions that do not overlap, with the alignment each pointer is known to have.</summary>
    public void Memcpy(LValue dst, int dstAlign, LValue src, int srcAlign, long size) => Copy("memcpy", dst, dstAlign, src, srcAlign, size);

    private void Copy(string intrinsic, LValue dst, int dstAlign, LValue src, int srcAlign, long size)
    {
        Require(dst.Type.IsPtr && src.Type.IsPtr, intrinsic + " of a non-pointer");
        Emit("call void @llvm." + intrinsic + ".p0.p0.i64(ptr align " + dstAlign.ToString(CultureInfo.InvariantCulture) + " " + dst.Text
            + ", ptr align " + srcAlign.ToString(CultureInfo.InvariantCulture) + " " + src.Text + ", i64 " + size.ToString(CultureInfo.InvariantCulture) + ", i1 false)");
    }

    /// <summary>A constant-size fill with the byte <paramref name="value"/> (an <c>i8</c>).</summary>
    public void Memset(LValue ptr, int align, LValue value, long size)
    {
        Require(ptr.Type.IsPtr && value.Type == LType.I8, "memset needs a pointer and an i8");
        Emit("call void @llvm.memset.p0.i64(ptr align " + align.ToString(CultureInfo.InvariantCulture) + " " + ptr.Text + ", i8 " + value.Text + ", i64 " + size.ToString(CultureInfo.InvariantCulture) + ", i1 false)");
    }

    public void Raw(string line) => Emit(line);

    public LValue Phi(LType type, IReadOnlyList<(LValue Value, BasicBlock From)> incoming)
    {
        var sb = new StringBuilder("phi ").Append(type);
        for (int i = 0; i < incoming.Count; i++)
        {
            Require(incoming[i].Value.Type == type, "phi operand " + incoming[i].Value.Type);
            sb.Append(i == 0 ? " [ " : ", [ ").Append(incoming[i].Value.Text).Append(", ").Append(incoming[i].From.Ref).Append(" ]");
        }
        return EmitValue(type, sb.ToString());
    }

    /// <summary>Bytes of stack the allocas take, for the 512-byte check.</summary>
    public int StackBytes { get; private set; }

    public void CountStack(int bytes) => StackBytes += bytes;

    public void Br(BasicBlock target)
    {
        if (Current.IsTerminated) return;
        Emit("br label " + target.Ref);
        Current.IsTerminated = true;
    }

    public void CondBr(LValue cond, BasicBlock ifTrue, BasicBlock ifFalse)
    {
        Require(cond.Type == LType.I1, "br condition " + cond.Type);
        if (Current.IsTerminated) return;
        Emit("br " + cond.Typed + ", label " + ifTrue.Ref + ", label " + ifFalse.Ref);
        Current.IsTerminated = true;
    }

    public void Switch(LValue value, BasicBlock defaultBlock, IReadOnlyList<(long Value, BasicBlock Target)> cases)
    {
        if (Current.IsTerminated) return;
        var sb = new StringBuilder();
        sb.Append("switch ").Append(value.Typed).Append(", label ").Append(defaultBlock.Ref).Append(" [");
        foreach (var (v, t) in cases)
            sb.Append(' ').Append(value.Type).Append(' ').Append(LValue.Const(value.Type, v).Text).Append(", label ").Append(t.Ref);
        sb.Append(" ]");
        Emit(sb.ToString());
        Current.IsTerminated = true;
    }

    /// <summary>
    /// A return: a branch to the function's one return block, whose phi takes the value, the way
    /// clang funnels every <c>return</c> through one <c>exit</c> (the backend still duplicates a
    /// small tail where that is cheaper). The block is written by <see cref="BodyText"/>.
    /// </summary>
    public void Ret(LValue? value)
    {
        if (Current.IsTerminated) return;
        Require(value.HasValue ? value.Value.Type == ReturnType : ReturnType.IsVoid, "ret " + (value.HasValue ? value.Value.Type.ToString() : "void") + " from " + ReturnType);
        _return ??= NewBlock("return");
        if (value.HasValue) _returns.Add((value.Value, Current));
        Emit("br label " + _return.Ref);
        Current.IsTerminated = true;
    }

    private BasicBlock? _return;
    private readonly List<(LValue Value, BasicBlock From)> _returns = new();

    private void FinishReturn()
    {
        if (_return == null || _return.IsTerminated) return;
        BasicBlock saved = Current;
        string? debug = DebugLocation;
        DebugLocation = null;
        Current = _return;
        if (ReturnType.IsVoid) Emit("ret void");
        else Emit("ret " + (_returns.Count == 1 ? _returns[0].Value : Phi(ReturnType, _returns)).Typed);
        _return.IsTerminated = true;
        Current = saved;
        DebugLocation = debug;
    }

    public void Unreachable()
    {
        if (Current.IsTerminated) return;
        Emit("unreachable");
        Current.IsTerminated = true;
    }

    /// <summary>The function body (without the define line), every block terminated.</summary>
    public string BodyText()
    {
        FinishReturn();
        var sb = new StringBuilder();
        bool first = true;
        var order = new List<BasicBlock>(_order);
        foreach (var b in _blocks)
            if (!_placed.Contains(b) && b != _return) order.Add(b);
        // The one return block goes last, as clang's does (FinishReturn fills it without SetBlock).
        if (_return != null) order.Add(_return);
        foreach (var b in order)
        {
            if (!b.IsTerminated) b.Lines.Add("unreachable");
            sb.Append(b.Label).Append(":\n");
            if (first)
            {
                foreach (var a in _allocas) sb.Append("  ").Append(a).Append('\n');
                first = false;
            }
            foreach (var l in b.Lines) sb.Append("  ").Append(l).Append('\n');
        }
        return sb.ToString();
    }
}

/// <summary>A lowering failure: a construct the front end cannot translate, with where it is.</summary>
internal sealed class LoweringException : Exception
{
    public LoweringException(string message, Microsoft.CodeAnalysis.Location? location = null, Microsoft.CodeAnalysis.DiagnosticDescriptor? descriptor = null, params object[] args)
        : base(message)
    {
        Location = location;
        Descriptor = descriptor;
        Args = args;
    }

    public Microsoft.CodeAnalysis.Location? Location { get; }
    public Microsoft.CodeAnalysis.DiagnosticDescriptor? Descriptor { get; }
    public object[] Args { get; }
}
