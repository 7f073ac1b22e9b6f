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
        if (Intrinsics.TryEmit(this, inv, out LValue result)) return result;
        IMethodSymbol m = inv.TargetMethod;
        if (m.ContainingNamespace?.ToDisplayString() == "System.Linq")
            throw new LoweringException("linq", Loc(inv), BpfDiagnostics.Linq);
        LValue? self = null;
        if (!m.IsStatic)
        {
            if (m.IsVirtual || m.IsAbstract || m.IsOverride || m.ContainingType.TypeKind == TypeKind.Interface
                || (inv.Instance?.Type?.IsReferenceType ?? false))
                throw new LoweringException("virtual", Loc(inv), BpfDiagnostics.VirtualCall, m.ToDisplayString());
            self = EmitAddress(inv.Instance!);
        }
        return EmitUserCall(inv, m, self, inv.Arguments.Select(a => a.Value).ToArray(), inv.Arguments, dest);
    }

    /// <summary>A call to a method written in this compilation: inlined by LLVM unless it is NoInlining.</summary>
    private LValue EmitUserCall(IOperation site, IMethodSymbol method, LValue? self, IOperation[] argValues,
        ImmutableArray<IArgumentOperation>? args, LValue? dest = null)
    {
        if (!ModuleLowerer.HasSource(method))
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
        for (int i = 0; i < argValues.Length; i++)
        {
            IParameterSymbol p = args.HasValue && args.Value[i].Parameter != null ? args.Value[i].Parameter! : method.Parameters[i];
            ITypeSymbol pt = Subst(target.Parameters[p.Ordinal].Type);
            IOperation a = argValues[i];
            LValue v;
            if (p.RefKind != RefKind.None) v = EmitAddress(a);
            else if (TypeLayout.IsStruct(pt))
            {
                // By-value struct: the callee gets a pointer to the caller's private copy.
                v = NewTemp(pt);
                EmitStructInto(a, v, fresh: true);
            }
            else v = EmitValueAs(a, pt);
            values[offset + p.Ordinal] = v;
        }
        LValue r = _fb.Call(fn.Return, "@" + fn.Name, values);
        if (fn.HasSret) return sretTemp!.Value;
        return r;
    }

    private static readonly Dictionary<string, int> s_xdpFields = new()
    {
        ["Data"] = 0, ["DataEnd"] = 4, ["DataMeta"] = 8, ["IngressIfIndex"] = 12, ["RxQueueIndex"] = 16, ["EgressIfIndex"] = 20,
    };

    private static readonly Dictionary<string, int> s_tcFields = new()
    {
        ["Len"] = 0, ["PacketType"] = 4, ["Mark"] = 8, ["QueueMapping"] = 12, ["Protocol"] = 16, ["VlanPresent"] = 20,
        ["VlanTci"] = 24, ["VlanProto"] = 28, ["Priority"] = 32, ["IngressIfIndex"] = 36, ["IfIndex"] = 40, ["TcIndex"] = 44,
        ["Cb"] = 48, ["Hash"] = 68, ["TcClassId"] = 72, ["Data"] = 76, ["DataEnd"] = 80, ["DataMeta"] = 140,
    };

    private int ContextOffset(IPropertyReferenceOperation prop)
    {
        var table = prop.Property.ContainingType.Name == "XdpContext" ? s_xdpFields : s_tcFields;
        if (!table.TryGetValue(prop.Property.Name, out int off)) throw NotSupported(prop, "Context property " + prop.Property.Name);
        return off;
    }

    private LValue EmitPropertyGet(IPropertyReferenceOperation prop)
    {
        IPropertySymbol p = prop.Property;
        if (TypeLayout.IsContext(p.ContainingType))
        {
            LValue ctx = EmitValue(prop.Instance!);
            int off = ContextOffset(prop);
            LValue at = _fb.Gep(ctx, off);
            if (p.Name == "Cb") return at;
            LValue v = _fb.Load(LType.I32, at, 4);
            if (p.Type is IPointerTypeSymbol)
                return _fb.Cast("inttoptr", _fb.Cast("zext", v, LType.I64), LType.Ptr);
            return v;
        }
        if (p.Name == "HeaderLength" && p.ContainingType.Name == "IPv4Header" && p.ContainingNamespace.ToDisplayString() == "CodeFirstBpf.Net")
        {
            LValue vihl = _fb.Load(LType.I8, EmitAddress(prop.Instance!), 4);
            LValue w = _fb.Binary("and", _fb.Cast("zext", vihl, LType.I32), LValue.Const(LType.I32, 15));
            return _fb.Binary("shl", w, LValue.Const(LType.I32, 2), "nuw nsw");
        }
        IMethodSymbol getter = p.GetMethod ?? throw NotSupported(prop, "A property without getter");
        LValue? self = p.IsStatic ? null : EmitAddress(prop.Instance!);
        return EmitUserCall(prop, getter, self, prop.Arguments.Select(a => a.Value).ToArray(), prop.Arguments);
    }

    private void EmitPropertySet(IPropertyReferenceOperation prop, LValue value)
    {
        IPropertySymbol p = prop.Property;
        if (TypeLayout.IsContext(p.ContainingType))
        {
            if (p.SetMethod == null) throw NotSupported(prop, "Assigning the read-only context property " + p.Name);
            LValue ctx = EmitValue(prop.Instance!);
            _fb.Store(value, _fb.Gep(ctx, ContextOffset(prop)), 4);
            return;
        }
        IMethodSymbol setter = p.SetMethod ?? throw NotSupported(prop, "A property without setter");
        LValue? self = p.IsStatic ? null : EmitAddress(prop.Instance!);
        var fn = _module.RequestFunction(_module.Specialise(setter, _subst), _method, Loc(prop));
        var values = new List<LValue>();
        if (self.HasValue) values.Add(self.Value);
        values.Add(value);
        _fb.Call(fn.Return, "@" + fn.Name, values);
    }

    // Accessors used by the intrinsic table, which lives in its own file.
    internal FunctionBuilder Builder => _fb;
    internal ModuleLowerer Module => _module;
    internal IMethodSymbol Method => _method;
    internal LValue AddressOf(IOperation op) => EmitAddress(op);
    internal LValue ValueOf(IOperation op) => EmitValue(op);
    internal LValue ValueAs(IOperation op, ITypeSymbol t) => EmitValueAs(op, t);
    internal LValue Temp(ITypeSymbol t) => NewTemp(t);
    internal LValue LoadScalar(LValue p, ITypeSymbol t) => Load(p, t);
    internal void StoreScalar(LValue v, LValue p, ITypeSymbol t) => Store(v, p, t);
    internal ITypeSymbol SubstType(ITypeSymbol t) => Subst(t);
    internal LValue ToType(LValue v, ITypeSymbol from, LType to) => ConvertScalar(v, from, to);
}
