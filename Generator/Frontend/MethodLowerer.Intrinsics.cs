using System.Collections.Generic;
using System.Linq;
using System.Text;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// Calls into <c>CodeFirstBpf.Dataplane</c> and the BCL that have no source here and lower to BPF
/// instructions or kernel helpers directly: map operations, <c>Bpf.*</c> helpers, byte-order
/// swaps and <c>Interlocked</c> atomics. Recognised by symbol, never by spelling alone.
/// </summary>
internal sealed partial class MethodLowerer
{
    /// <summary><c>BPF_F_RECOMPUTE_CSUM</c>, <c>BPF_F_PSEUDO_HDR</c>, <c>BPF_F_CURRENT_CPU</c>.</summary>
    private const long RecomputeCsumFlag = 1, PseudoHeaderFlag = 0x10, CurrentCpu = 0xFFFFFFFF;

    private bool TryEmitIntrinsic(IInvocationOperation inv, out LValue result)
    {
        if (BpfFacts.ChangesPacketData(inv.TargetMethod)) _module.NotePacketMoves();
        result = BpfSymbols.Classify(inv.TargetMethod) switch
        {
            IntrinsicKind.MapOperation => EmitMapCall(inv),
            IntrinsicKind.Helper => EmitHelper(inv),
            IntrinsicKind.ContextHelper => EmitContextHelper(inv),
            IntrinsicKind.ByteSwap => EmitSwap(inv),
            IntrinsicKind.Bcl => EmitBclIntrinsic(inv),
            IntrinsicKind.Atomic => EmitInterlocked(inv),
            _ => default,
        };
        return BpfSymbols.IsIntrinsic(inv.TargetMethod);
    }

    /// <summary>The kernel helper number of the called API method (declared on it with [BpfHelper]).</summary>
    private static int Id(IInvocationOperation inv)
        => BpfFacts.HelperId(inv.TargetMethod) ?? throw new LoweringException("helper", inv.Syntax.GetLocation(), BpfDiagnostics.Unsupported,
            inv.TargetMethod.ContainingType.Name + "." + inv.TargetMethod.Name, "it has no BPF lowering yet");

    /// <summary>
    /// A helper whose arguments need nothing special: (the context first, for context methods,
    /// then) every argument as a 64-bit register, the result as the declared return type. A new
    /// helper of this shape needs only its [BpfHelper] declaration in the Dataplane API.
    /// </summary>
    private LValue EmitGenericHelper(IInvocationOperation inv, LValue? ctx)
    {
        IMethodSymbol m = inv.TargetMethod;
        int id = Id(inv);
        var args = new List<LValue>();
        if (ctx.HasValue) args.Add(ctx.Value);
        for (int i = 0; i < m.Parameters.Length; i++) args.Add(Arg64(inv, i));
        LType ret = m.ReturnsVoid ? LType.Void : _module.Layout.Scalar(m.ReturnType) ?? LType.I64;
        if (ret.IsInt && ret.Size < 64)
            return _fb.Cast(CastOp.Trunc, _fb.CallHelper(id, LType.I64, args), ret);
        return _fb.CallHelper(id, ret, args);
    }

    private static IOperation Arg(IInvocationOperation inv, int ordinal)
        => inv.Arguments.First(a => a.Parameter != null && a.Parameter.Ordinal == ordinal).Value;

    private LValue EmitMapCall(IInvocationOperation inv)
    {
        var fb = _fb;
        // The map pointer: a map field names its .maps global; a parameter, local, `?:` or inner map is a value.
        LValue mapRef = EmitValue(inv.Instance ?? throw NotSupported(inv, "A map operation without a map"));
        IMethodSymbol m = inv.TargetMethod;
        switch (m.Name)
        {
            case "Lookup":
                return fb.CallHelper(Id(inv), LType.Ptr, new[] { mapRef, KeyAddress(inv) });
            case "Update":
            {
                LValue flags = EmitValueAs(Arg(inv, 2), _module.Compilation.GetSpecialType(SpecialType.System_UInt64));
                LValue value = OffPacket(EmitAddress(Arg(inv, 1)), Subst(m.Parameters[1].Type), AlignOf(Arg(inv, 1)));
                return fb.CallHelper(Id(inv), LType.I64, new[] { mapRef, KeyAddress(inv), value, flags });
            }
            case "Delete":
                return fb.CallHelper(Id(inv), LType.I64, new[] { mapRef, KeyAddress(inv) });
            case "Output" when m.Parameters.Length == 1: // RingBufferMap.Output(in event)
            {
                ITypeSymbol et = Subst(m.Parameters[0].Type);
                return fb.CallHelper(Id(inv), LType.I64, new[] { mapRef, EmitAddress(Arg(inv, 0)),
                    LValue.Const(LType.I64, _module.Layout.Of(et).Size), LValue.Const(LType.I64, 0) });
            }
            case "Output": // PerfEventArrayMap.Output(context, in event)
            {
                ITypeSymbol et = Subst(m.Parameters[1].Type);
                return fb.CallHelper(Id(inv), LType.I64, new[] { EmitValue(Arg(inv, 0)), mapRef, LValue.Const(LType.I64, CurrentCpu),
                    EmitAddress(Arg(inv, 1)), LValue.Const(LType.I64, _module.Layout.Of(et).Size) });
            }
            case "TailCall":
                // Returns only when the tail call fails; the code after it is the fallback.
                return fb.CallHelper(Id(inv), LType.I64, new[] { EmitValue(Arg(inv, 0)), mapRef, Arg64(inv, 1) });
            case "Redirect":
            {
                LValue r = fb.CallHelper(Id(inv), LType.I64, new[] { mapRef, Arg64(inv, 0), Arg64(inv, 1) });
                return fb.Cast(CastOp.Trunc, r, LType.I32);
            }
            case "Push":
                return fb.CallHelper(Id(inv), LType.I64, new[] { mapRef, EmitAddress(Arg(inv, 0)), Arg64(inv, 1) });
            case "TryPop":
            case "TryPeek":
            {
                // The out value is zeroed first, so a failed pop leaves default, as in .NET.
                LValue outAddr = EmitAddress(Arg(inv, 0));
                Layout vl = _module.Layout.Of(Subst(m.Parameters[0].Type));
                fb.Memset(outAddr, vl.Size, vl.Align);
                LValue r = fb.CallHelper(Id(inv), LType.I64, new[] { mapRef, outAddr });
                return fb.ICmp(IntPredicate.Eq, r, LValue.Const(LType.I64, 0));
            }
            case "Reserve":
            {
                ITypeSymbol et = ((IPointerTypeSymbol)Subst(m.ReturnType)).PointedAtType;
                return fb.CallHelper(Id(inv), LType.Ptr, new[] { mapRef, LValue.Const(LType.I64, _module.Layout.Of(et).Size), LValue.Const(LType.I64, 0) });
            }
            case "Submit":
            case "Discard":
                return fb.CallHelper(Id(inv), LType.Void, new[] { EmitValue(Arg(inv, 0)), LValue.Const(LType.I64, 0) });
            case "TryGetValue":
            {
                LValue p = fb.CallHelper(Id(inv), LType.Ptr, new[] { mapRef, KeyAddress(inv) });
                LValue outAddr = EmitAddress(Arg(inv, 1));
                ITypeSymbol vt = Subst(m.Parameters[1].Type);
                Layout vl = _module.Layout.Of(vt);
                LValue found = fb.ICmp(IntPredicate.Ne, p, LValue.Null);
                BasicBlock hit = fb.NewBlock("tget.hit"), miss = fb.NewBlock("tget.miss"), end = fb.NewBlock("tget.end");
                fb.CondBr(found, hit, miss);
                fb.SetBlock(hit);
                fb.Memcpy(outAddr, p, vl.Size, vl.Align);
                fb.Br(end);
                fb.SetBlock(miss);
                fb.Memset(outAddr, vl.Size, vl.Align);
                fb.Br(end);
                fb.SetBlock(end);
                return found;
            }
        }
        throw new LoweringException(m.Name, inv.Syntax.GetLocation(), BpfDiagnostics.Unsupported,
            "Map method '" + m.Name + "'", "it has no BPF lowering yet");
    }

    /// <summary>The key argument's address: array indices and rvalues are spilled to the stack.</summary>
    private LValue KeyAddress(IInvocationOperation inv)
    {
        IOperation key = Arg(inv, 0);
        IParameterSymbol p = inv.TargetMethod.Parameters[0];
        if (p.RefKind == RefKind.None)
        {
            ITypeSymbol t = Subst(p.Type);
            LValue tmp = NewTemp(t);
            Store(EmitValueAs(key, t), tmp, t);
            return tmp;
        }
        return EmitAddress(key);
    }

    /// <summary>
    /// A map update's <c>in</c> value that lies in the packet — or behind a pointer that may point
    /// there, such as a parameter — is copied to the stack first, as C code has it in a local: the kernel reads a map update's value straight from the packet otherwise, and on
    /// this machine that made L4Balancer's ring fill (eight array updates from a control frame) three
    /// times slower than clang's copy-first code (about 180 against 60 ns a run), depending on where
    /// the frame and the map lie. The copy is two instructions, as clang's.
    /// </summary>
    private LValue OffPacket(LValue address, ITypeSymbol t, int align)
    {
        if (!_addressProvenance.TryGetValue(address.Text, out var p) || p is not (Provenance.Packet or Provenance.Unknown)) return address;
        LValue tmp = NewTemp(t);
        Layout l = _module.Layout.Of(t);
        _fb.Memcpy(tmp, address, l.Size, System.Math.Max(1, System.Math.Min(align, l.Align)));
        return tmp;
    }

    private LValue EmitHelper(IInvocationOperation inv)
    {
        var fb = _fb;
        switch (inv.TargetMethod.Name)
        {
            case "Loop":
            {
                // The body must be a static method named directly: its address becomes a BPF callback.
                IOperation bodyOp = Arg(inv, 1);
                while (bodyOp is IConversionOperation c) bodyOp = c.Operand;
                if (bodyOp is not IAddressOfOperation { Reference: IMethodReferenceOperation { Method: { IsStatic: true } body } })
                    throw new LoweringException("loop body", Arg(inv, 1).Syntax.GetLocation(), BpfDiagnostics.Unsupported,
                        "This Bpf.Loop body", "pass the address of a static method: Bpf.Loop(n, &Body, ref state)");
                string callback = _module.LoopCallback(_module.Specialise(body, new Dictionary<ITypeParameterSymbol, ITypeSymbol>(SymbolEqualityComparer.Default)), _method, inv.Syntax.GetLocation());
                ITypeSymbol uintType = _module.Compilation.GetSpecialType(SpecialType.System_UInt32);
                return fb.CallHelper(Id(inv), LType.I64, new[] { EmitValueAs(Arg(inv, 0), uintType), new LValue(LType.Ptr, "@" + callback), EmitAddress(Arg(inv, 2)), LValue.Const(LType.I64, 0) });
            }
            case "Printk":
            {
                IOperation fmtOp = Arg(inv, 0);
                if (fmtOp.ConstantValue.Value is not string fmt || inv.Arguments.Length > 4)
                    throw new LoweringException("printk", inv.Syntax.GetLocation(), BpfDiagnostics.PrintkFormat);
                string global = _module.StringConstant(fmt);
                var args = new List<LValue> { new(LType.Ptr, global), LValue.Const(LType.I32, Encoding.UTF8.GetByteCount(fmt) + 1) };
                for (int i = 1; i < inv.Arguments.Length; i++)
                {
                    IOperation a = Arg(inv, i);
                    ITypeSymbol at = Subst(a.Type!);
                    LValue v = EmitValue(a);
                    args.Add(ConvertScalar(v, at, LType.I64));
                }
                return fb.CallHelper(Id(inv), LType.I64, args);
            }
        }
        return EmitGenericHelper(inv, null);
    }

    /// <summary>An argument as the 64-bit register a helper takes: integers widened by their C# signedness, pointers as they are.</summary>
    private LValue Arg64(IInvocationOperation inv, int ordinal)
    {
        ITypeSymbol pt = Subst(inv.TargetMethod.Parameters[ordinal].Type);
        IOperation a = Arg(inv, ordinal);
        switch (a.ConstantValue.Value)
        {
            case ulong u: return LValue.Const(LType.I64, unchecked((long)u));
            case int or uint or long or short or ushort or byte or sbyte when pt.TypeKind != TypeKind.Pointer:
                return LValue.Const(LType.I64, System.Convert.ToInt64(a.ConstantValue.Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        LValue v = EmitValueAs(a, pt);
        return v.Type.IsPtr ? v : ConvertScalar(v, pt, LType.I64);
    }

    /// <summary>A bool argument as a helper flag: <paramref name="flag"/> when true, 0 when false.</summary>
    private LValue Flag(IInvocationOperation inv, int ordinal, long flag)
    {
        IOperation a = Arg(inv, ordinal);
        if (a.ConstantValue.Value is bool b) return LValue.Const(LType.I64, b ? flag : 0);
        LValue v = EmitValueAs(a, _module.Compilation.GetSpecialType(SpecialType.System_Boolean));
        return _fb.Select(v, LValue.Const(LType.I64, flag), LValue.Const(LType.I64, 0));
    }

    /// <summary>The context's own helpers (<c>ctx.AdjustHead(…)</c>, <c>ctx.StoreBytes(…)</c>, …): the context is the first argument.</summary>
    private LValue EmitContextHelper(IInvocationOperation inv)
    {
        var fb = _fb;
        LValue ctx = EmitValue(inv.Instance!);
        IMethodSymbol m = inv.TargetMethod;
        // The __sk_buff helpers whose flags argument is built from bools or CsumFlags; which contexts are over __sk_buff is a fact.
        bool skb = BpfFacts.Context(m.ContainingType) is { Struct: "__sk_buff" };
        switch (m.Name)
        {
            case "StoreBytes" when skb:
                return fb.CallHelper(Id(inv), LType.I64, new[] { ctx, Arg64(inv, 0), Arg64(inv, 1), Arg64(inv, 2), Flag(inv, 3, RecomputeCsumFlag) });
            case "L4CsumReplace" or "L3CsumReplace" when skb && m.Parameters.Length == 5:
            {
                // The helper's flags are the field size OR-ed with BPF_F_PSEUDO_HDR (the bool overload) or the CsumFlags.
                LValue size = Arg64(inv, 3);
                LValue extra = m.Parameters[4].Type.SpecialType == SpecialType.System_Boolean ? Flag(inv, 4, PseudoHeaderFlag) : Arg64(inv, 4);
                LValue flags = size.IsConstant && extra.IsConstant
                    ? LValue.Const(LType.I64, long.Parse(size.Text, System.Globalization.CultureInfo.InvariantCulture) | long.Parse(extra.Text, System.Globalization.CultureInfo.InvariantCulture))
                    : fb.Binary(BinaryOp.Or, size, extra);
                return fb.CallHelper(Id(inv), LType.I64, new[] { ctx, Arg64(inv, 0), Arg64(inv, 1), Arg64(inv, 2), flags });
            }
        }
        return EmitGenericHelper(inv, ctx);
    }

    private LValue EmitSwap(IInvocationOperation inv)
    {
        IOperation arg = Arg(inv, 0);
        LType t = _module.Layout.Scalar(Subst(inv.TargetMethod.Parameters[0].Type))!;
        if (t.Size == 8 && t != LType.I64) return EmitValue(arg); // byte: nothing to swap
        if (arg.ConstantValue.HasValue)
        {
            ulong v = System.Convert.ToUInt64(arg.ConstantValue.Value is long sl ? unchecked((ulong)sl) : arg.ConstantValue.Value is int si ? unchecked((ulong)(uint)si)
                : arg.ConstantValue.Value is short ss ? unchecked((ulong)(ushort)ss) : arg.ConstantValue.Value, System.Globalization.CultureInfo.InvariantCulture);
            ulong r = 0;
            int bytes = t.Size / 8;
            for (int i = 0; i < bytes; i++) r |= ((v >> (8 * i)) & 0xFF) << (8 * (bytes - 1 - i));
            return LValue.Const(t, unchecked((long)r));
        }
        LValue x = EmitValueAs(arg, Subst(inv.TargetMethod.Parameters[0].Type));
        return _fb.Call(t, "@llvm.bswap." + t, new[] { x });
    }

    private LValue EmitInterlocked(IInvocationOperation inv)
    {
        var fb = _fb;
        IMethodSymbol m = inv.TargetMethod;
        ITypeSymbol t = Subst(m.Parameters[0].Type);
        LType lt = _module.Layout.Scalar(t) ?? throw new LoweringException("interlocked", inv.Syntax.GetLocation(), BpfDiagnostics.Unsupported,
            "Interlocked on " + t.ToDisplayString(), "only integers can be updated atomically");
        if (lt.Size < 32)
            throw new LoweringException("interlocked", inv.Syntax.GetLocation(), BpfDiagnostics.Unsupported, "Interlocked on " + t.ToDisplayString(), "BPF atomics are 32 or 64 bits wide");
        // Before v3 the only BPF atomic is an add whose result is dropped (BPF_XADD); LLVM aborts on
        // the rest, so the output step reports them for the configured CPU first.
        bool resultUsed = inv.Parent is not IExpressionStatementOperation;
        if (resultUsed || m.Name is not ("Add" or "Increment" or "Decrement"))
            _module.RequireCpu("v3", inv.Syntax.GetLocation(), "Interlocked." + m.Name + (resultUsed ? " whose result is used" : string.Empty),
                "use Interlocked.Add/Increment/Decrement as a statement");
        LValue addr = EmitAddress(Arg(inv, 0));
        switch (m.Name)
        {
            case "Increment":
            case "Decrement":
            {
                bool increment = m.Name == "Increment";
                LValue old = fb.AtomicRmw(increment ? "add" : "sub", addr, LValue.Const(lt, 1));
                return fb.Binary(increment ? BinaryOp.Add : BinaryOp.Sub, old, LValue.Const(lt, 1));
            }
            case "Add":
            {
                LValue v = EmitValueAs(Arg(inv, 1), t);
                return fb.Binary(BinaryOp.Add, fb.AtomicRmw("add", addr, v), v);
            }
            case "Exchange":
                return fb.AtomicRmw("xchg", addr, EmitValueAs(Arg(inv, 1), t));
            case "And":
                return fb.AtomicRmw("and", addr, EmitValueAs(Arg(inv, 1), t));
            case "Or":
                return fb.AtomicRmw("or", addr, EmitValueAs(Arg(inv, 1), t));
            case "CompareExchange":
            {
                LValue value = EmitValueAs(Arg(inv, 1), t);
                LValue comparand = EmitValueAs(Arg(inv, 2), t);
                return fb.CmpXchg(addr, comparand, value);
            }
        }
        throw new LoweringException("interlocked", inv.Syntax.GetLocation(), BpfDiagnostics.Unsupported, "Interlocked." + m.Name, "it has no BPF atomic");
    }
}
