using System;
using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// Lowers one C# method body (a program or a helper it calls) from Roslyn's IOperation tree to an
/// LLVM function. Structured lowering: each statement kind maps onto blocks directly. Every local
/// is an alloca in the entry block; LLVM's mem2reg/SROA turns them into registers. Struct values
/// are handled by address (memcpy/memset), scalars by value.
/// Split by concern: statements, expressions, calls/intrinsics, patterns.
/// </summary>
internal sealed partial class MethodLowerer
{
    private readonly ModuleLowerer _module;
    private readonly IMethodSymbol _method;
    private readonly FunctionBuilder _fb;
    private readonly Dictionary<ISymbol, LValue> _slots = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _refSlots = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILabelSymbol, BasicBlock> _labels = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeParameterSymbol, ITypeSymbol> _subst;
    private readonly string _scope;
    private readonly ProgramKind? _kind;
    private LValue? _this;
    private LValue? _sret;
    private LValue? _implicitReceiver;
    private LValue? _patternInput;
    private HashSet<ILocalSymbol> _filledByHelper = new(SymbolEqualityComparer.Default);
    private HashSet<ILocalSymbol> _registerBools = new(SymbolEqualityComparer.Default);
    private PointerProvenance? _provenance;
    // Addresses (SSA names) that point into the packet or a map value, by the code that made them.
    private readonly Dictionary<string, Provenance> _addressProvenance = new();
    // The slots of _registerBools, which hold an i1 (see RegisterBools).
    private readonly HashSet<string> _i1Slots = new();

    public MethodLowerer(ModuleLowerer module, IMethodSymbol method, FunctionBuilder fb, string scope, ProgramKind? kind,
        Dictionary<ITypeParameterSymbol, ITypeSymbol> subst)
    {
        _module = module;
        _method = method;
        _fb = fb;
        _scope = scope;
        _kind = kind;
        _subst = subst;
    }

    private TypeLayout Layout => _module.Layout;

    /// <summary>Binds parameters and lowers the body. Parameter order: sret, this, then the C# parameters.</summary>
    public void Lower(IOperation? block, bool hasSret, bool hasThis)
    {
        if (block != null)
        {
            _filledByHelper = HelperFilledLocals.Find(block, Layout);
            _registerBools = RegisterBools.Find(block);
            _provenance = PointerProvenance.Find(block);
        }
        int index = 0;
        if (hasSret) _sret = _fb.Param(index++);
        if (hasThis) _this = _fb.Param(index++);
        foreach (var p in _method.Parameters)
        {
            LValue v = _fb.Param(index++);
            ITypeSymbol t = Subst(p.Type);
            LValue slot = v;
            if (p.RefKind == RefKind.None && !TypeLayout.IsStruct(t))
            {
                slot = NewSlot(t);
                Store(v, slot, t);
            }
            // The body refers to the parameters of the generic definition, not of the specialisation.
            _slots[p] = slot;
            _slots[p.OriginalDefinition] = slot;
        }
        if (_method.MethodKind == MethodKind.Constructor && TypeLayout.IsStruct(_method.ContainingType))
        {
            // A primary constructor has no body operation: its code is the initializers.
            var ctor = block as IConstructorBodyOperation;
            LowerConstructorPrologue(ctor);
            if (ctor?.BlockBody != null) LowerStatement(ctor.BlockBody);
            else if (ctor?.ExpressionBody != null) LowerStatement(ctor.ExpressionBody);
        }
        else if (block != null)
        {
            LowerStatement(block is IMethodBodyBaseOperation mb ? (IOperation?)mb.BlockBody ?? mb.ExpressionBody! : block);
        }
        if (!_fb.Current.IsTerminated)
        {
            if (_fb.ReturnType.IsVoid) _fb.Ret(null);
            else _fb.Unreachable();
        }
    }

    public ITypeSymbol Subst(ITypeSymbol t) => _module.Substitute(t, _subst);

    private LValue NewSlot(ITypeSymbol t, Location? where = null)
    {
        Layout l = Layout.Of(t, where);
        LType? s = Layout.Scalar(t);
        _fb.CountStack(l.Size);
        return _fb.Alloca(s != null ? (s == LType.I1 ? LType.I8 : s) : LType.Bytes(l.Size), l.Align);
    }

    private LValue NewTemp(ITypeSymbol t) => NewSlot(t);

    /// <summary>Loads a scalar of C# type <paramref name="t"/> (bool is a byte in memory).</summary>
    /// <remarks><c>align</c> is the access alignment when it is less than natural (packed structs).</remarks>
    private LValue Load(LValue ptr, ITypeSymbol t, int align = 0, bool isVolatile = false)
    {
        LType s = Layout.Scalar(t) ?? throw new LoweringException("load of aggregate " + t.ToDisplayString());
        if (s == LType.I1 && _i1Slots.Contains(ptr.Text)) return _fb.Load(LType.I1, ptr, 1, isVolatile);
        if (s == LType.I1)
        {
            // .NET treats every non-zero byte as true; a byte read from a packet need not be 0 or 1.
            LValue b = _fb.Load(LType.I8, ptr, 1, isVolatile, AliasOf(ptr));
            return _fb.ICmp(IntPredicate.Ne, b, LValue.Const(LType.I8, 0));
        }
        return _fb.Load(s, ptr, align > 0 ? Math.Min(align, s.StoreSize) : s.StoreSize, isVolatile, AliasOf(ptr));
    }

    /// <summary>The alias scope metadata of an access through <paramref name="ptr"/>, when its provenance is known.</summary>
    private string? AliasOf(LValue ptr) => _addressProvenance.TryGetValue(ptr.Text, out var p) ? _module.AliasMetadata(p) : null;

    /// <summary>Remembers that <paramref name="address"/> points where <paramref name="pointer"/> does.</summary>
    private LValue Derived(LValue address, IOperation pointer)
    {
        // Unknown too: an address through a pointer of unknown provenance (a parameter) may be the packet.
        _addressProvenance[address.Text] = _provenance?.Of(pointer) ?? Provenance.Unknown;
        return address;
    }

    private void Store(LValue value, LValue ptr, ITypeSymbol t, int align = 0)
    {
        LType s = Layout.Scalar(t) ?? throw new LoweringException("store of aggregate " + t.ToDisplayString());
        if (s == LType.I1 && _i1Slots.Contains(ptr.Text))
        {
            _fb.Store(value, ptr, 1);
            return;
        }
        if (s == LType.I1)
        {
            _fb.Store(_fb.Cast(CastOp.ZExt, value, LType.I8), ptr, 1, AliasOf(ptr));
            return;
        }
        _fb.Store(value, ptr, align > 0 ? Math.Min(align, s.StoreSize) : s.StoreSize, AliasOf(ptr));
    }

    /// <summary>
    /// The alignment an lvalue's storage is known to have: natural for its type, but no more than
    /// the (possibly packed) struct that contains it, recursively. Telling LLVM more than this makes
    /// it emit wide accesses at odd offsets, which the verifier refuses on the stack.
    /// </summary>
    private int AlignOf(IOperation lvalue)
    {
        ITypeSymbol t = Subst(lvalue.Type!);
        switch (lvalue)
        {
            case IParenthesizedOperation p:
                return AlignOf(p.Operand);
            case IFieldReferenceOperation { Field.IsStatic: false, Instance: { } instance } f:
                return FieldAlign(f.Field, instance);
        }
        return Layout.Of(t, Loc(lvalue)).Align;
    }

    /// <summary>Points line info at the C# syntax being lowered.</summary>
    private void At(SyntaxNode syntax)
    {
        var span = syntax.GetLocation().GetLineSpan();
        _fb.DebugLocation = _module.Debug.Location(span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, _scope);
    }

    private static Location Loc(IOperation op) => op.Syntax.GetLocation();

    private LoweringException NotSupported(IOperation op, string what)
        => new(what, Loc(op), BpfDiagnostics.Unsupported, what, "it is outside the C# subset CodeFirstBpf compiles to BPF");

    private LValue SlotOf(ILocalSymbol local)
    {
        if (!_slots.TryGetValue(local, out var slot))
        {
            if (local.IsRef)
            {
                _fb.CountStack(8);
                slot = _fb.Alloca(LType.Ptr, 8);
                _refSlots.Add(local);
            }
            else if (_registerBools.Contains(local))
            {
                _fb.CountStack(1);
                slot = _fb.Alloca(LType.I1, 1);
                _i1Slots.Add(slot.Text);
            }
            else
            {
                slot = NewSlot(Subst(local.Type), local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax().GetLocation() ?? local.Locations.FirstOrDefault());
            }
            _slots[local] = slot;
        }
        return slot;
    }

    /// <summary>
    /// The address of an lvalue, or — when <paramref name="allowTemp"/> — of a temporary holding an
    /// rvalue (an <c>in</c> argument, a map key, the receiver of a call on a struct value). Targets
    /// of assignments and <c>ref</c>/<c>out</c> arguments pass false: a write must never land in a copy.
    /// </summary>
    private LValue EmitAddress(IOperation op, bool allowTemp = true)
    {
        Guard(op);
        switch (op)
        {
            case ILocalReferenceOperation l:
            {
                LValue slot = SlotOf(l.Local);
                return _refSlots.Contains(l.Local) ? _fb.Load(LType.Ptr, slot, 8) : slot;
            }
            case IParameterReferenceOperation p:
                if (_slots.TryGetValue(p.Parameter, out var ps)) return ps;
                if (p.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor })
                    throw new LoweringException("primary ctor parameter", Loc(op), BpfDiagnostics.Unsupported, "Using the primary constructor parameter '" + p.Parameter.Name + "' outside a field initializer",
                        "C# would capture it in a hidden field BPF cannot see: initialize a field with it ('public uint X = " + p.Parameter.Name + ";') and use the field");
                throw new LoweringException("unknown parameter " + p.Parameter.Name, Loc(op));
            case IDeclarationExpressionOperation d:
                return EmitAddress(d.Expression, allowTemp);
            case IInstanceReferenceOperation ir:
                if (ir.ReferenceKind == InstanceReferenceKind.ImplicitReceiver && _implicitReceiver.HasValue) return _implicitReceiver.Value;
                if (ir.ReferenceKind == InstanceReferenceKind.PatternInput && _patternInput.HasValue) return _patternInput.Value;
                if (_this.HasValue) return _this.Value;
                throw NotSupported(op, "'this'");
            case IFieldReferenceOperation f when !f.Field.IsStatic:
            {
                if (f.Instance == null) throw NotSupported(op, "field");
                LValue baseAddr = EmitAddress(f.Instance, allowTemp);
                LValue fieldAddr = _fb.Gep(baseAddr, Layout.FieldOffset(Specialised(f.Field), Loc(op)));
                if (_addressProvenance.TryGetValue(baseAddr.Text, out var within)) _addressProvenance[fieldAddr.Text] = within;
                return fieldAddr;
            }
            case IFieldReferenceOperation sf when sf.Field.IsStatic:
                if (sf.Field.IsConst || (sf.Field.IsReadOnly && !ModuleLowerer.IsConfig(sf.Field)) || BpfSymbols.IsMapType(sf.Field.Type))
                {
                    if (allowTemp && !BpfSymbols.IsMapType(sf.Field.Type) && Layout.Scalar(Subst(sf.Type!)) != null)
                        return Spill(op, Subst(sf.Type!));
                    throw new LoweringException("static field", Loc(op), BpfDiagnostics.Unsupported, "Taking the address of '" + sf.Field.Name + "'",
                        "constants and maps have no storage a BPF program can point at");
                }
                return new LValue(LType.Ptr, "@" + _module.GlobalFor(sf.Field, Loc(op)).Name);
            case IConversionOperation c when c.OperatorMethod == null && (SymbolEqualityComparer.Default.Equals(c.Type, c.Operand.Type) || (c.Type is IPointerTypeSymbol && c.Operand.Type is IPointerTypeSymbol)):
                return EmitAddress(c.Operand, allowTemp);
            case IParenthesizedOperation par:
                return EmitAddress(par.Operand, allowTemp);
            case IConditionalOperation { IsRef: true } rc:
            {
                // ref (c ? ref a : ref b): the address of one of two variables, chosen at run time.
                BasicBlock t = _fb.NewBlock("refc.true"), f = _fb.NewBlock("refc.false"), end = _fb.NewBlock("refc.end");
                EmitCondition(rc.Condition, t, f);
                _fb.SetBlock(t);
                LValue a = EmitAddress(rc.WhenTrue, allowTemp: false);
                BasicBlock tEnd = _fb.Current;
                _fb.Br(end);
                _fb.SetBlock(f);
                LValue b = EmitAddress(rc.WhenFalse!, allowTemp: false);
                BasicBlock fEnd = _fb.Current;
                _fb.Br(end);
                _fb.SetBlock(end);
                return _fb.Phi(LType.Ptr, new[] { (a, tEnd), (b, fEnd) });
            }
            case IInlineArrayAccessOperation ia:
                return InlineArrayElement(ia, allowTemp);
        }
        if (op.Kind == OperationKind.None)
        {
            var children = op.ChildOperations.ToList();
            if (op.Syntax is ElementAccessExpressionSyntax && children.Count == 2)
            {
                LValue basePtr = EmitValue(children[0]);
                ITypeSymbol elem = op.Type != null ? Subst(op.Type) : throw NotSupported(op, "element access");
                return Derived(PointerOffset(basePtr, children[1], Layout.Of(elem, Loc(op)).Size), children[0]);
            }
            if (children.Count == 1 && children[0].Type is IPointerTypeSymbol)
                return Derived(EmitValue(children[0]), children[0]);
        }
        if (!allowTemp)
            throw NotSupported(op, "Writing through this expression (" + op.Kind + ")");
        ITypeSymbol? t2 = op.Type;
        if (t2 != null && TypeLayout.IsStruct(Subst(t2)))
        {
            LValue tmp = NewTemp(Subst(t2));
            EmitStructInto(op, tmp, fresh: true);
            return tmp;
        }
        if (t2 != null && Layout.Scalar(Subst(t2)) != null && op.Kind != OperationKind.None)
            return Spill(op, Subst(t2));
        throw NotSupported(op, "this expression (" + op.Kind + ")");
    }

    /// <summary>A field of a generic struct as the specialisation being lowered sees it (its layout depends on the type arguments).</summary>
    private IFieldSymbol Specialised(IFieldSymbol f)
    {
        if (f.ContainingType is not { IsGenericType: true } || Subst(f.ContainingType) is not INamedTypeSymbol owner
            || SymbolEqualityComparer.Default.Equals(owner, f.ContainingType))
            return f;
        return owner.GetMembers(f.Name).OfType<IFieldSymbol>().First();
    }

    /// <summary>An rvalue passed by 'in' or as a map key: spilled to a temporary.</summary>
    private LValue Spill(IOperation op, ITypeSymbol t)
    {
        LValue tmp = NewTemp(t);
        Store(EmitValue(op), tmp, t);
        return tmp;
    }

    /// <summary>
    /// An element of an <c>[InlineArray]</c> struct. .NET checks a variable index and throws; BPF
    /// cannot throw, so only constant indices (which C# checks at compile time) are accepted.
    /// </summary>
    private LValue InlineArrayElement(IInlineArrayAccessOperation ia, bool allowTemp)
    {
        if (!ia.Argument.ConstantValue.HasValue || ia.Argument.Type?.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt32))
            throw new LoweringException("inline array index", Loc(ia), BpfDiagnostics.Unsupported, "Indexing an [InlineArray] with a variable or a range",
                ".NET checks the index and throws, which BPF cannot: use a constant index, or a fixed buffer (unchecked, as in C)");
        LValue baseAddr = EmitAddress(ia.Instance, allowTemp);
        int elem = Layout.Of(Subst(ia.Type!), Loc(ia)).Size;
        return _fb.Gep(baseAddr, ConstantAsLong(ia.Argument.ConstantValue.Value) * elem);
    }

    /// <summary>
    /// Stops the lowering, with a diagnostic at the construct, before the compiler process could run
    /// out of stack (a stack overflow cannot be caught and would kill the build).
    /// </summary>
    private static void Guard(IOperation op)
    {
        try
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        }
        catch (System.InsufficientExecutionStackException)
        {
            throw new LoweringException("too deep", Loc(op), BpfDiagnostics.TooDeep, op is IBinaryOperation or IUnaryOperation or IConditionalOperation ? "expression" : "code");
        }
    }

    /// <summary><c>p + i * size</c> as a byte GEP, sign- or zero-extending the index as C# does.</summary>
    private LValue PointerOffset(LValue ptr, IOperation index, int elemSize, bool negate = false)
    {
        if (index.ConstantValue.HasValue)
        {
            long c = System.Convert.ToInt64(index.ConstantValue.Value is ulong u ? unchecked((long)u) : index.ConstantValue.Value);
            return _fb.Gep(ptr, (negate ? -c : c) * elemSize);
        }
        LValue i = EmitValue(index);
        ITypeSymbol it = index.Type!;
        i = i.Type == LType.I64 ? i : _fb.Cast(TypeLayout.IsSigned(it) ? CastOp.SExt : CastOp.ZExt, i, LType.I64);
        if (elemSize != 1) i = _fb.Binary(BinaryOp.Mul, i, LValue.Const(LType.I64, elemSize));
        if (negate) i = _fb.Binary(BinaryOp.Sub, LValue.Const(LType.I64, 0), i);
        return _fb.Gep(ptr, i);
    }
}
