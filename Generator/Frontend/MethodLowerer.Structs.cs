using System;
using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeFirstBpf.Generator.Frontend;

internal sealed partial class MethodLowerer
{
    /// <summary>Builds a struct value directly in <paramref name="dest"/>.</summary>
    /// <remarks>`fresh` is true when `dest` is new storage nothing else reads.</remarks>
    private void EmitStructInto(IOperation op, LValue dest, bool fresh)
    {
        Guard(op);
        ITypeSymbol t = Subst(op.Type!);
        Layout l = Layout.Of(t, Loc(op));
        switch (op)
        {
            case IParenthesizedOperation p:
                EmitStructInto(p.Operand, dest, fresh);
                return;
            case IConversionOperation c when c.OperatorMethod == null && SymbolEqualityComparer.Default.Equals(Subst(c.Operand.Type!), t):
                EmitStructInto(c.Operand, dest, fresh);
                return;
            case IConversionOperation { OperatorMethod: { } conversion } uc:
                CopyResult(EmitUserCall(uc, conversion, null, new[] { uc.Operand }, null, fresh ? dest : null), dest, fresh, l);
                return;
            case IBinaryOperation { OperatorMethod: { } binary } ub:
                CopyResult(EmitUserCall(ub, binary, null, new[] { ub.LeftOperand, ub.RightOperand }, null, fresh ? dest : null), dest, fresh, l);
                return;
            case IUnaryOperation { OperatorMethod: { } unary } uu:
                CopyResult(EmitUserCall(uu, unary, null, new[] { uu.Operand }, null, fresh ? dest : null), dest, fresh, l);
                return;
            case IPropertyReferenceOperation prop when !TypeLayout.IsContext(prop.Property.ContainingType):
            {
                Place place = PropertyPlace(prop);
                if (place.Kind == PlaceKind.Memory) _fb.Memcpy(dest, place.Address, l.Size, Math.Min(l.Align, place.Align));
                else
                {
                    IMethodSymbol getter = prop.Property.GetMethod ?? throw NotSupported(prop, "Reading the write-only property '" + prop.Property.Name + "'");
                    CopyResult(CallFunction(prop, getter, place.Receiver, place.Args!, fresh ? dest : null), dest, fresh, l);
                }
                return;
            }
            case IDefaultValueOperation:
                _fb.Memset(dest, l.Size, l.Align);
                return;
            case IObjectCreationOperation oc:
            case IWithOperation:
            {
                if (!fresh)
                {
                    // Build into a temporary first: the initializer may read the destination.
                    LValue tmp = NewTemp(t);
                    EmitStructInto(op, tmp, fresh: true);
                    _fb.Memcpy(dest, tmp, l.Size, l.Align);
                    return;
                }
                IObjectOrCollectionInitializerOperation? init;
                if (op is IWithOperation w)
                {
                    _fb.Memcpy(dest, EmitAddress(w.Operand), l.Size, l.Align);
                    init = w.Initializer;
                }
                else
                {
                    var ocr = (IObjectCreationOperation)op;
                    if (StoreAsFirstField(dest, t, l, ocr)) return;
                    ZeroAllBut(dest, t, l, ocr);
                    if (ocr.Constructor != null && !ocr.Constructor.IsImplicitlyDeclared && ocr.Arguments.Length > 0)
                        EmitUserCall(ocr, ocr.Constructor, dest, ocr.Arguments.Select(a => a.Value).ToArray(), ocr.Arguments);
                    else if (ocr.Constructor != null && !ocr.Constructor.IsImplicitlyDeclared && ocr.Constructor.DeclaringSyntaxReferences.Length > 0)
                        EmitUserCall(ocr, ocr.Constructor, dest, Array.Empty<IOperation>(), ocr.Arguments);
                    init = ocr.Initializer;
                }
                if (init != null) EmitInitializer(init, dest);
                return;
            }
            case IConditionalOperation cond when cond.WhenFalse != null:
            {
                BasicBlock tb = _fb.NewBlock("cond.true"), fb = _fb.NewBlock("cond.false"), end = _fb.NewBlock("cond.end");
                EmitCondition(cond.Condition, tb, fb);
                _fb.SetBlock(tb);
                EmitStructInto(cond.WhenTrue, dest, false);
                _fb.Br(end);
                _fb.SetBlock(fb);
                EmitStructInto(cond.WhenFalse, dest, false);
                _fb.Br(end);
                _fb.SetBlock(end);
                return;
            }
            case IInvocationOperation inv:
                // A call may read the destination (s = f(ref s)): build into a temporary unless it is fresh.
                CopyResult(EmitCall(inv, fresh ? dest : null), dest, fresh, l);
                return;
            case ISimpleAssignmentOperation a:
                Assign(a);
                _fb.Memcpy(dest, EmitAddress(a.Target), l.Size, l.Align);
                return;
        }
        if (op is ITupleOperation tuple)
        {
            if (fresh) EmitTupleInto(tuple, dest);
            else
            {
                LValue tmp = NewTemp(t);
                EmitTupleInto(tuple, tmp);
                _fb.Memcpy(dest, tmp, l.Size, l.Align);
            }
            return;
        }
        if (!IsLvalue(op)) throw NotSupported(op, "This struct expression (" + op.Kind + ")");
        LValue src = EmitAddress(op);
        _fb.Memcpy(dest, src, l.Size, Math.Min(l.Align, AlignOf(op)));
    }

    /// <summary>A struct a call returned (into a temporary unless it was built in place) lands in <paramref name="dest"/>.</summary>
    private void CopyResult(LValue result, LValue dest, bool builtInPlace, Layout l)
    {
        if (!builtInPlace) _fb.Memcpy(dest, result, l.Size, l.Align);
    }

    /// <summary>Whether <see cref="EmitAddress"/> can name the storage without materialising a temporary.</summary>
    private static bool IsLvalue(IOperation op) => op switch
    {
        ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation or IDeclarationExpressionOperation => true,
        IFieldReferenceOperation f => !f.Field.IsStatic,
        IParenthesizedOperation p => IsLvalue(p.Operand),
        IConversionOperation c => c.OperatorMethod == null && IsLvalue(c.Operand),
        _ => op.Kind == OperationKind.None,
    };

    /// <summary>
    /// The zeroing before <c>new S { A = x, B = 1 }</c>. A small struct of scalar fields that the
    /// initializer assigns all but the padding of gets only its padding zeroed: with a memset of the
    /// whole struct first, LLVM merged the zeros and the constant fields into one 64-bit immediate
    /// (two instruction slots) and then overwrote part of it; with the padding alone, the constant
    /// field and its padding become one 32-bit store, as in clang's code. Every other struct is zeroed
    /// whole first, as before (LLVM does better with one memset there).
    /// </summary>
    private void ZeroAllBut(LValue dest, ITypeSymbol t, Layout l, IObjectCreationOperation creation)
    {
        var fields = TypeLayout.InstanceFields(t).ToList();
        // An implicit constructor runs no field initializers: C# requires an explicit one beside them (CS8983).
        bool small = l.Size <= 16 && fields.All(f => !f.IsFixedSizeBuffer && Layout.Scalar(Subst(f.Type)) != null)
            && (creation.Constructor is null || creation.Constructor.IsImplicitlyDeclared);
        var assigned = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
        if (small && creation.Initializer != null)
            foreach (var i in creation.Initializer.Initializers)
                if (i is ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Instance: IInstanceReferenceOperation, Field: var f } })
                    assigned.Add(f.OriginalDefinition);
        if (!small || fields.Any(f => !assigned.Contains(f.OriginalDefinition)))
        {
            _fb.Memset(dest, l.Size, l.Align);
            return;
        }
        var covered = new bool[l.Size];
        foreach (var f in fields)
        {
            int offset = Layout.FieldOffset(Specialised(f), Loc(creation)), size = Layout.Of(Subst(f.Type), Loc(creation)).Size;
            for (int b = offset; b < offset + size && b < covered.Length; b++) covered[b] = true;
        }
        for (int start = 0; start < covered.Length;)
        {
            if (covered[start]) { start++; continue; }
            int end = start;
            while (end < covered.Length && !covered[end]) end++;
            _fb.Memset(_fb.Gep(dest, start), end - start, Math.Min(l.Align, start & -start));
            start = end;
        }
    }

    /// <summary>
    /// <c>new S { First = x }</c> of a struct of 2, 4 or 8 bytes whose other bytes stay zero: one store
    /// of x zero-extended to the struct's size. The memset and the field store it replaces are
    /// three instructions on BPF (a zero register, two stores) where x usually already sits
    /// zero-extended in a register. Only for a value LLVM cannot fold (a constant field is folded
    /// into one immediate store either way).
    /// </summary>
    private bool StoreAsFirstField(LValue dest, ITypeSymbol t, Layout l, IObjectCreationOperation creation)
    {
        if (l.Size is not (2 or 4 or 8) || creation.Initializer is not { Initializers.Length: 1 } init) return false;
        if (creation.Constructor is { IsImplicitlyDeclared: false } || creation.Arguments.Length > 0) return false;
        if (init.Initializers[0] is not ISimpleAssignmentOperation { IsRef: false, Target: IFieldReferenceOperation { Instance: IInstanceReferenceOperation, Field: var field }, Value: var value })
            return false;
        if (value.ConstantValue.HasValue) return false;
        // Every field, the one set among them, a non-bool integer.
        if (TypeLayout.InstanceFields(t).Any(f => f.IsFixedSizeBuffer || Layout.Scalar(Subst(f.Type)) is not { IsInt: true } s || s == LType.I1)) return false;
        ITypeSymbol ft = Subst(field.Type);
        if (Layout.Scalar(ft)!.Size >= l.Size * 8) return false;
        if (Layout.FieldOffset(Specialised(field), Loc(creation)) != 0) return false;
        // One store of the whole needs the whole's alignment: a stack slot of ours can have it.
        if (l.Align < l.Size && !_fb.Realign(dest, l.Size)) return false;
        LValue v = EmitValueAs(value, ft);
        LType whole = l.Size switch { 2 => LType.I16, 4 => LType.I32, _ => LType.I64 };
        _fb.Store(_fb.Cast(CastOp.ZExt, v, whole), dest, l.Size);
        return true;
    }

    private void EmitInitializer(IObjectOrCollectionInitializerOperation init, LValue receiver)
    {
        LValue? saved = _implicitReceiver;
        _implicitReceiver = receiver;
        try
        {
            foreach (var i in init.Initializers)
            {
                switch (i)
                {
                    case ISimpleAssignmentOperation a:
                        Assign(a);
                        break;
                    case IMemberInitializerOperation mi:
                        EmitInitializer(mi.Initializer, EmitAddress(mi.InitializedMember));
                        break;
                    default:
                        throw NotSupported(i, "This initializer");
                }
            }
        }
        finally
        {
            _implicitReceiver = saved;
        }
    }
}
