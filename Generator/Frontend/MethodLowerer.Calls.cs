using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

internal sealed partial class MethodLowerer
{
    /// <summary>An invocation used as a value or a statement; struct results go to <paramref name="dest"/>.</summary>
    private LValue EmitCall(IOperation op, LValue? dest = null)
    {
        if (op is not IInvocationOperation inv) return EmitValue(op);
        if (TryEmitIntrinsic(inv, out LValue result)) return result;
        IMethodSymbol m = inv.TargetMethod;
        if (m.ContainingNamespace?.ToDisplayString() == "System.Linq")
            throw new LoweringException("linq", Loc(inv), BpfDiagnostics.Linq);
        LValue? self = null;
        if (!m.IsStatic)
        {
            if (m.IsVirtual || m.IsAbstract || m.IsOverride || m.ContainingType.TypeKind == TypeKind.Interface
                || (inv.Instance?.Type?.IsReferenceType ?? false))
                throw new LoweringException("virtual", Loc(inv), BpfDiagnostics.VirtualCall, m.ToDisplayString());
            self = Receiver(inv.Instance!, m);
        }
        return EmitUserCall(inv, m, self, inv.Arguments.Select(a => a.Value).ToArray(), inv.Arguments, dest);
    }

    /// <summary>A call to a method written in this compilation, its arguments evaluated left to right.</summary>
    private LValue EmitUserCall(IOperation site, IMethodSymbol method, LValue? self, IOperation[] argValues,
        ImmutableArray<IArgumentOperation>? args, LValue? dest = null)
    {
        IMethodSymbol target = _module.Specialise(method, _subst);
        var values = new LValue[argValues.Length];
        var ordinals = new int[argValues.Length];
        for (int i = 0; i < argValues.Length; i++)
        {
            IParameterSymbol p = args.HasValue && args.Value[i].Parameter != null ? args.Value[i].Parameter! : method.Parameters[i];
            ordinals[i] = p.Ordinal;
            values[i] = EmitArgument(argValues[i], p, Subst(target.Parameters[p.Ordinal].Type));
        }
        var ordered = new LValue[method.Parameters.Length];
        for (int i = 0; i < values.Length; i++) ordered[ordinals[i]] = values[i];
        return CallFunction(site, method, self, ordered, dest);
    }

    /// <summary>
    /// Calls a user method with evaluated arguments (in parameter order): inlined by LLVM unless it
    /// is NoInlining. A struct result is written to <paramref name="dest"/> or a new temporary, whose
    /// address is returned.
    /// </summary>
    private LValue CallFunction(IOperation site, IMethodSymbol method, LValue? self, LValue[] arguments, LValue? dest)
    {
        if (!BpfSymbols.HasSource(method))
        {
            if (method.MethodKind == MethodKind.Constructor && self.HasValue) return default;
            throw new LoweringException("no source", Loc(site), BpfDiagnostics.NoSource, method.ToDisplayString());
        }
        IMethodSymbol target = _module.Specialise(method, _subst);
        var fn = _module.RequestFunction(target, _method, Loc(site));
        var values = new LValue[fn.ParamCount];
        int offset = 0;
        LValue? sretTemp = null;
        if (fn.HasSret)
        {
            sretTemp = dest ?? NewTemp(Subst(target.ReturnType));
            values[offset++] = sretTemp.Value;
        }
        if (fn.HasThis) values[offset++] = self ?? throw new LoweringException("missing receiver", Loc(site));
        for (int i = 0; i < arguments.Length; i++) values[offset + i] = arguments[i];
        LValue r = _fb.Call(fn.Return, "@" + fn.Name, values, argAttrs: fn.ParamAttrs);
        if (fn.HasSret) return sretTemp!.Value;
        return r;
    }

    /// <summary>The byte offset in the kernel's context struct of a context property (declared on it with [BpfContextField]).</summary>
    private static int ContextOffset(IPropertyReferenceOperation prop)
        => BpfFacts.ContextField(prop.Property)?.Offset ?? throw new LoweringException("context property", Loc(prop), BpfDiagnostics.Unsupported,
            "Context property " + prop.Property.Name, "it has no field in the kernel's context struct");

    private LValue EmitPropertyGet(IPropertyReferenceOperation prop)
    {
        IPropertySymbol p = prop.Property;
        if (p.Name == "HeaderLength" && p.ContainingType.Name == "IPv4Header" && p.ContainingNamespace.ToDisplayString() == "CodeFirstBpf.Net")
        {
            LValue vihl = _fb.Load(LType.I8, EmitAddress(prop.Instance!), 4);
            LValue w = _fb.Binary(BinaryOp.And, _fb.Cast(CastOp.ZExt, vihl, LType.I32), LValue.Const(LType.I32, 15));
            return _fb.Binary(BinaryOp.Shl, w, LValue.Const(LType.I32, 2), "nuw nsw");
        }
        if (p.IsStatic && p.Name is "MinValue" or "MaxValue" && p.ContainingType.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
        {
            // nint/nuint are 64 bits in BPF, as on every 64-bit .NET.
            bool signed = p.ContainingType.SpecialType == SpecialType.System_IntPtr;
            long v = p.Name == "MinValue" ? (signed ? long.MinValue : 0) : (signed ? long.MaxValue : -1);
            return LValue.Const(LType.I64, v);
        }
        return LoadPlace(PropertyPlace(prop), prop);
    }
}
