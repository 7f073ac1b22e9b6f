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
    private static long ConstantAsLong(object? value) => value switch
    {
        null => 0,
        bool b => b ? 1 : 0,
        char c => c,
        ulong u => unchecked((long)u),
        string => throw new LoweringException("string constant", null, BpfDiagnostics.StringUse),
        float or double or decimal => throw new LoweringException("floating point", null, BpfDiagnostics.FloatingPoint, value.GetType().Name),
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private LType ScalarOf(ITypeSymbol t, IOperation where)
        => Layout.Scalar(t) ?? throw TypeLayout.Unsupported(t, Loc(where));

    /// <summary>The value of a scalar expression.</summary>
    private LValue EmitValue(IOperation op)
    {
        Guard(op);
        ITypeSymbol? type = op.Type != null ? Subst(op.Type) : null;
        if (type != null && (type.SpecialType is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal))
            throw new LoweringException("float", Loc(op), BpfDiagnostics.FloatingPoint, type.ToDisplayString());
        if (op.ConstantValue.HasValue && type != null)
        {
            if (op.ConstantValue.Value is string) throw new LoweringException("string", Loc(op), BpfDiagnostics.StringUse);
            LType lt = ScalarOf(type, op);
            if (lt.IsPtr) return LValue.Null;
            try
            {
                return LValue.Const(lt, Truncate(ConstantAsLong(op.ConstantValue.Value), lt));
            }
            catch (LoweringException e) when (e.Location == null)
            {
                throw new LoweringException(e.Message, Loc(op), e.Descriptor, e.Args);
            }
        }
        switch (op)
        {
            case IParenthesizedOperation p:
                return EmitValue(p.Operand);
            case ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation:
            {
                if (type != null && TypeLayout.IsContext(type) && op is IParameterReferenceOperation pr && _slots.TryGetValue(pr.Parameter, out _))
                    return Load(EmitAddress(op), type);
                return Load(EmitAddress(op), type!, AlignOf(op));
            }
            case IFieldReferenceOperation f:
                return EmitFieldValue(f, type!);
            case IInlineArrayAccessOperation ia:
                return Load(EmitAddress(ia), type!, AlignOf(ia));
            case IPropertyReferenceOperation prop:
                return EmitPropertyGet(prop);
            case IConversionOperation c:
                return EmitConversion(c);
            case IBinaryOperation b:
                return EmitBinary(b);
            case IUnaryOperation u:
                return EmitUnary(u);
            case ISimpleAssignmentOperation a:
                return Assign(a) ?? throw NotSupported(op, "Struct assignment used as a value");
            case ICompoundAssignmentOperation ca:
                return EmitCompound(ca);
            case IIncrementOrDecrementOperation inc:
                return EmitIncrement(inc);
            case IConditionalOperation cond when cond.WhenFalse != null:
                return EmitConditionalValue(cond, type!);
            case IInvocationOperation inv:
                return EmitCall(inv);
            case IAddressOfOperation { Reference: IMethodReferenceOperation }:
                throw new LoweringException("function pointer", Loc(op), BpfDiagnostics.Unsupported, "A function pointer",
                    "the only use BPF has for one is Bpf.Loop, written directly as Bpf.Loop(n, &Body, ref state)");
            case IAddressOfOperation ao:
                return EmitAddress(ao.Reference);
            case ISizeOfOperation so:
                if (IsTuple(Subst(so.TypeOperand))) throw TupleLayout(op, Subst(so.TypeOperand));
                return LValue.Const(ScalarOf(type!, op), Layout.Of(Subst(so.TypeOperand), Loc(op)).Size);
            case IDefaultValueOperation:
                return ScalarOf(type!, op).IsPtr ? LValue.Null : LValue.Const(ScalarOf(type!, op), 0);
            case IIsPatternOperation ip:
            {
                ITypeSymbol vt = Subst(ip.Value.Type!);
                return EmitPattern(PatternInput(ip.Value, vt), vt, ip.Pattern);
            }
            case ISwitchExpressionOperation sw:
                return EmitSwitchExpression(sw, type!);
            case IDeclarationExpressionOperation d:
                return EmitValue(d.Expression);
            case IObjectCreationOperation oc when type != null && Layout.Scalar(type) != null:
                return LValue.Const(ScalarOf(type, op), 0);
            case IObjectCreationOperation oc2 when oc2.Type?.TypeKind == TypeKind.Class:
                throw new LoweringException("new", Loc(op), BpfDiagnostics.HeapAllocation, op.Syntax.ToString());
            case IArrayCreationOperation:
                throw new LoweringException("array", Loc(op), BpfDiagnostics.ManagedArray);
            case IAnonymousFunctionOperation or IDelegateCreationOperation:
                throw new LoweringException("lambda", Loc(op), BpfDiagnostics.Delegate);
            case IAwaitOperation:
                throw new LoweringException("await", Loc(op), BpfDiagnostics.Async);
            case IThrowOperation:
                throw new LoweringException("throw", Loc(op), BpfDiagnostics.Exceptions, "throw");
            case IInterpolatedStringOperation:
                throw new LoweringException("string", Loc(op), BpfDiagnostics.StringUse);
        }
        if (op.Syntax is StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax && type is IPointerTypeSymbol sp)
            return EmitStackAlloc(op, sp);
        if (op.Kind == OperationKind.None && type != null)
            return Load(EmitAddress(op), type, AlignOf(op));
        if (op is IDynamicInvocationOperation or IDynamicMemberReferenceOperation)
            throw new LoweringException("dynamic", Loc(op), BpfDiagnostics.Dynamic);
        throw NotSupported(op, "This expression (" + op.Kind + ")");
    }

    /// <summary><c>stackalloc T[N]</c> with a constant N: a zeroed stack buffer, counted against the 512-byte frame.</summary>
    private LValue EmitStackAlloc(IOperation op, IPointerTypeSymbol pointer)
    {
        IOperation? count = op.ChildOperations.FirstOrDefault();
        if (count == null || !count.ConstantValue.HasValue)
            throw NotSupported(op, "stackalloc with a size that is not a constant");
        Layout e = Layout.Of(Subst(pointer.PointedAtType), Loc(op));
        int size = (int)ConstantAsLong(count.ConstantValue.Value) * e.Size;
        _fb.CountStack(size);
        LValue buffer = _fb.Alloca(LType.Bytes(Math.Max(size, 1)), Math.Max(e.Align, 8));
        _fb.Memset(buffer, size, Math.Max(e.Align, 8));
        return buffer;
    }

    private static long Truncate(long v, LType t) => t.Size switch
    {
        1 => v & 1,
        8 => (sbyte)v,
        16 => (short)v,
        32 => (int)v,
        _ => v,
    };

    private LValue EmitFieldValue(IFieldReferenceOperation f, ITypeSymbol type)
    {
        IFieldSymbol field = f.Field;
        if (field.IsFixedSizeBuffer) return EmitAddress(f);
        if (field.IsStatic)
        {
            object? constant = _module.StaticReadonlyConstant(field, Loc(f));
            if (constant != null) return LValue.Const(ScalarOf(type, f), Truncate(ConstantAsLong(constant), ScalarOf(type, f)));
            // [Config] values are set after compilation: a volatile load keeps LLVM from folding the default in.
            return Load(EmitAddress(f), type, 0, isVolatile: ModuleLowerer.IsConfig(field));
        }
        return Load(EmitAddress(f), type, AlignOf(f));
    }

    /// <summary>Evaluates <paramref name="op"/> and converts it to <paramref name="target"/> (the implicit conversions Roslyn leaves out, e.g. of return values).</summary>
    private LValue EmitValueAs(IOperation op, ITypeSymbol target)
    {
        LValue v = EmitValue(op);
        LType lt = ScalarOf(target, op);
        if (v.Type == lt) return v;
        return ConvertScalar(v, Subst(op.Type!), lt);
    }

    private LValue ConvertInt(LValue v, ITypeSymbol from, LType to)
    {
        if (v.Type == to) return v;
        if (v.Type.Size > to.Size) return _fb.Cast("trunc", v, to);
        return _fb.Cast(TypeLayout.IsSigned(from) ? "sext" : "zext", v, to);
    }

    private LValue ConvertScalar(LValue v, ITypeSymbol from, LType to)
    {
        if (v.Type == to) return v;
        if (v.Type.IsPtr && to.IsInt) return ConvertInt(_fb.Cast("ptrtoint", v, LType.I64), from, to);
        if (v.Type.IsInt && to.IsPtr) return _fb.Cast("inttoptr", ConvertInt(v, from, LType.I64), LType.Ptr);
        if (v.Type == LType.I1) return _fb.Cast("zext", v, to);
        if (to == LType.I1) return _fb.ICmp("ne", v, LValue.Const(v.Type, 0));
        return ConvertInt(v, from, to);
    }

    private LValue EmitConversion(IConversionOperation c)
    {
        ITypeSymbol to = Subst(c.Type!);
        if (c.Operand.Type == null && c.Operand.ConstantValue.HasValue && c.Operand.ConstantValue.Value == null)
            return ScalarOf(to, c).IsPtr ? LValue.Null : LValue.Const(ScalarOf(to, c), 0);
        ITypeSymbol from = Subst(c.Operand.Type ?? throw NotSupported(c, "This conversion"));
        if (c.OperatorMethod != null) return EmitUserCall(c, c.OperatorMethod, null, new[] { c.Operand }, null);
        if (from.IsReferenceType == false && to.IsReferenceType && to.TypeKind != TypeKind.Pointer)
            throw new LoweringException("box", Loc(c), BpfDiagnostics.Boxing, from.ToDisplayString(), to.ToDisplayString());
        if (c.IsChecked && c.Conversion.IsNumeric && !c.Operand.ConstantValue.HasValue)
            throw new LoweringException("checked", Loc(c), BpfDiagnostics.Checked);
        LType lt = ScalarOf(to, c);
        LValue v = EmitValue(c.Operand);
        return ConvertScalar(v, from, lt);
    }

    /// <summary>Binary numeric promotion, as C# applies to compound assignments.</summary>
    private ITypeSymbol Promote(ITypeSymbol a, ITypeSymbol b)
    {
        ITypeSymbol Under(ITypeSymbol t) => t is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } u } ? u : t;
        a = Under(a);
        b = Under(b);
        Compilation comp = _module.Compilation;
        if (a.SpecialType == SpecialType.System_UInt64 || b.SpecialType == SpecialType.System_UInt64) return comp.GetSpecialType(SpecialType.System_UInt64);
        if (a.SpecialType == SpecialType.System_Int64 || b.SpecialType == SpecialType.System_Int64) return comp.GetSpecialType(SpecialType.System_Int64);
        if (a.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr) return a;
        bool aU = a.SpecialType == SpecialType.System_UInt32, bU = b.SpecialType == SpecialType.System_UInt32;
        if (aU || bU)
        {
            ITypeSymbol other = aU ? b : a;
            return TypeLayout.IsSigned(other) ? comp.GetSpecialType(SpecialType.System_Int64) : comp.GetSpecialType(SpecialType.System_UInt32);
        }
        return comp.GetSpecialType(SpecialType.System_Int32);
    }

    private LValue Compare(string eqOrNe, LValue a, ITypeSymbol t, LValue b) => _fb.ICmp(eqOrNe, a, b);

    private LValue Relational(BinaryOperatorKind kind, LValue a, ITypeSymbol t, LValue b)
    {
        bool signed = TypeLayout.IsSigned(t);
        string pred = kind switch
        {
            BinaryOperatorKind.Equals => "eq",
            BinaryOperatorKind.NotEquals => "ne",
            BinaryOperatorKind.LessThan => signed ? "slt" : "ult",
            BinaryOperatorKind.LessThanOrEqual => signed ? "sle" : "ule",
            BinaryOperatorKind.GreaterThan => signed ? "sgt" : "ugt",
            BinaryOperatorKind.GreaterThanOrEqual => signed ? "sge" : "uge",
            _ => throw new LoweringException("relational " + kind),
        };
        return _fb.ICmp(pred, a, b);
    }

    private LValue EmitBinary(IBinaryOperation b)
    {
        if (b.OperatorMethod is { IsImplicitlyDeclared: true, ContainingType.IsRecord: true, Name: "op_Equality" or "op_Inequality" } recordOp)
            return RecordEquality(b, recordOp.Name == "op_Equality");
        if (b.OperatorMethod != null) return EmitUserCall(b, b.OperatorMethod, null, new[] { b.LeftOperand, b.RightOperand }, null);
        if (b.IsLifted) throw NotSupported(b, "A nullable operator");
        if (b.IsChecked && b.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide)
            throw new LoweringException("checked", Loc(b), BpfDiagnostics.Checked);
        if (b.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr)
        {
            BasicBlock t = _fb.NewBlock("bool.true"), f = _fb.NewBlock("bool.false"), end = _fb.NewBlock("bool.end");
            EmitCondition(b, t, f);
            _fb.SetBlock(t);
            _fb.Br(end);
            _fb.SetBlock(f);
            _fb.Br(end);
            _fb.SetBlock(end);
            return _fb.Phi(LType.I1, new[] { (LValue.Const(LType.I1, 1), t), (LValue.Const(LType.I1, 0), f) });
        }
        ITypeSymbol lt = Subst(b.LeftOperand.Type!), rt = Subst(b.RightOperand.Type!);
        ITypeSymbol resultType = Subst(b.Type!);
        // Pointer arithmetic: p ± n, n + p, p - q.
        if (lt is IPointerTypeSymbol lp && b.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract && rt is not IPointerTypeSymbol)
            return PointerOffset(EmitValue(b.LeftOperand), b.RightOperand, ElementSize(lp, b), b.OperatorKind == BinaryOperatorKind.Subtract);
        if (rt is IPointerTypeSymbol rp && b.OperatorKind == BinaryOperatorKind.Add)
            return PointerOffset(EmitValue(b.RightOperand), b.LeftOperand, ElementSize(rp, b));
        if (lt is IPointerTypeSymbol lp2 && rt is IPointerTypeSymbol && b.OperatorKind == BinaryOperatorKind.Subtract)
        {
            LValue diff = _fb.Binary("sub", _fb.Cast("ptrtoint", EmitValue(b.LeftOperand), LType.I64), _fb.Cast("ptrtoint", EmitValue(b.RightOperand), LType.I64));
            // Keep the subtraction 64-bit: LLVM would otherwise narrow "(int)(end - p)" to 32-bit
            // arithmetic on pointer registers, which the verifier prohibits.
            _module.Declare("declare i64 @llvm.bpf.passthrough.i64.i64(i32, i64)");
            diff = _fb.Call(LType.I64, "@llvm.bpf.passthrough.i64.i64", new[] { LValue.Const(LType.I32, 0), diff });
            int size = ElementSize(lp2, b);
            if (size == 1) return diff;
            // C# divides the byte difference by the element size, truncating toward zero: the
            // difference need not be a multiple of the size, so no exact shift or division.
            if ((size & (size - 1)) == 0)
            {
                int k = Log2(size);
                LValue sign = _fb.Binary("ashr", diff, LValue.Const(LType.I64, 63));
                LValue bias = _fb.Binary("lshr", sign, LValue.Const(LType.I64, 64 - k));
                return _fb.Binary("ashr", _fb.Binary("add", diff, bias), LValue.Const(LType.I64, k));
            }
            return SignedDivision(Backends.IrSupport.SignedDivide, diff, LValue.Const(LType.I64, size));
        }
        LValue l = EmitValue(b.LeftOperand);
        LValue r = EmitValue(b.RightOperand);
        if (r.Type != l.Type && !l.Type.IsPtr) r = ConvertScalar(r, rt, l.Type);
        bool signed = TypeLayout.IsSigned(lt);
        switch (b.OperatorKind)
        {
            case BinaryOperatorKind.Equals: return _fb.ICmp("eq", l, r);
            case BinaryOperatorKind.NotEquals: return _fb.ICmp("ne", l, r);
            case BinaryOperatorKind.LessThan:
            case BinaryOperatorKind.LessThanOrEqual:
            case BinaryOperatorKind.GreaterThan:
            case BinaryOperatorKind.GreaterThanOrEqual:
                return Relational(b.OperatorKind, l, lt, r);
        }
        if (!l.Type.IsInt) throw NotSupported(b, "This operator on " + lt.ToDisplayString());
        return Arithmetic(b.OperatorKind, l, r, signed, b, resultType);
    }

    /// <summary>
    /// == on a record struct: the compiler-made operator compares every instance field with
    /// EqualityComparer&lt;T&gt;.Default, which for integers, bools, enums and pointers is value equality.
    /// </summary>
    private LValue RecordEquality(IBinaryOperation b, bool equal)
    {
        var type = (INamedTypeSymbol)Subst(b.LeftOperand.Type!);
        LValue l = EmitAddress(b.LeftOperand), r = EmitAddress(b.RightOperand);
        LValue all = LValue.Const(LType.I1, 1);
        foreach (var f in type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst))
        {
            ITypeSymbol ft = Subst(f.Type);
            if (f.IsFixedSizeBuffer || Layout.Scalar(ft) is null)
                throw NotSupported(b, "== on the record struct '" + type.Name + "' with the field '" + f.Name + "' of type " + ft.ToDisplayString());
            int off = Layout.FieldOffset(f, Loc(b));
            int align = FieldAlign(f, null);
            all = _fb.Binary("and", all, _fb.ICmp("eq", Load(_fb.Gep(l, off), ft, align), Load(_fb.Gep(r, off), ft, align)));
        }
        return equal ? all : _fb.Binary("xor", all, LValue.Const(LType.I1, 1));
    }

    private static int Log2(int powerOfTwo)
    {
        int n = 0;
        while ((1 << n) < powerOfTwo) n++;
        return n;
    }

    private LoweringException TupleLayout(IOperation where, ITypeSymbol t)
        => new("tuple layout", Loc(where), Diagnostics.BpfDiagnostics.StructLayout, t.ToDisplayString(), "a ValueTuple (LayoutKind.Auto)",
            "tuples have no fixed layout to share through memory: declare a struct with named fields");

    private int ElementSize(IPointerTypeSymbol p, IOperation where)
        => IsTuple(Subst(p.PointedAtType)) ? throw TupleLayout(where, p.PointedAtType) : p.PointedAtType.SpecialType == SpecialType.System_Void ? 1 : Layout.Of(Subst(p.PointedAtType), Loc(where)).Size;

    private LValue Arithmetic(BinaryOperatorKind kind, LValue l, LValue r, bool signed, IOperation where, ITypeSymbol resultType)
    {
        switch (kind)
        {
            case BinaryOperatorKind.Add: return _fb.Binary("add", l, r);
            case BinaryOperatorKind.Subtract: return _fb.Binary("sub", l, r);
            case BinaryOperatorKind.Multiply: return _fb.Binary("mul", l, r);
            case BinaryOperatorKind.Divide: return signed ? SignedDivision(Backends.IrSupport.SignedDivide, l, Divisor(r, signed)) : _fb.Binary("udiv", l, Divisor(r, signed));
            case BinaryOperatorKind.Remainder: return signed ? SignedDivision(Backends.IrSupport.SignedRemainder, l, Divisor(r, signed)) : _fb.Binary("urem", l, Divisor(r, signed));
            case BinaryOperatorKind.And: return _fb.Binary("and", l, r);
            case BinaryOperatorKind.Or: return _fb.Binary("or", l, r);
            case BinaryOperatorKind.ExclusiveOr: return _fb.Binary("xor", l, r);
            case BinaryOperatorKind.LeftShift:
            case BinaryOperatorKind.RightShift:
            case BinaryOperatorKind.UnsignedRightShift:
            {
                // C# masks the count to the operand width; LLVM calls a larger count poison.
                LValue count = r.IsConstant ? LValue.Const(l.Type, long.Parse(r.Text, System.Globalization.CultureInfo.InvariantCulture) & (l.Type.Size - 1))
                    : _fb.Binary("and", r, LValue.Const(l.Type, l.Type.Size - 1));
                string op = kind == BinaryOperatorKind.LeftShift ? "shl" : kind == BinaryOperatorKind.RightShift && signed ? "ashr" : "lshr";
                return _fb.Binary(op, l, count);
            }
        }
        throw NotSupported(where, "The operator " + kind);
    }

    /// <summary>
    /// A divisor LLVM may not reason about. LLVM takes division by zero (and signed MinValue / -1) as
    /// undefined and optimises on that; BPF defines them (x / 0 = 0, x % 0 = x, MinValue / -1 =
    /// MinValue, MinValue % -1 = 0), and those are the documented results. An empty inline asm that
    /// passes the divisor through a register (libbpf's barrier_var idiom) hides its value from every
    /// optimisation, through code generation; it costs no instruction.
    /// </summary>
    private LValue Divisor(LValue r, bool signed)
    {
        if (r.IsConstant && long.TryParse(r.Text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long c) && c != 0 && !(signed && c == -1))
            return r;
        return _fb.Opaque(r);
    }

    /// <summary>Signed / and %: a support call whose body fits the CPU (see <see cref="Backends.IrSupport"/>).</summary>
    private LValue SignedDivision(string function, LValue l, LValue r)
    {
        if (l.Type.Size < 32)
        {
            l = _fb.Cast("sext", l, LType.I32);
            r = _fb.Cast("sext", r, LType.I32);
        }
        return _fb.Call(l.Type, function + l.Type, new[] { l, r });
    }

    private LValue EmitUnary(IUnaryOperation u)
    {
        if (u.OperatorMethod != null) return EmitUserCall(u, u.OperatorMethod, null, new[] { u.Operand }, null);
        LValue v = EmitValue(u.Operand);
        switch (u.OperatorKind)
        {
            case UnaryOperatorKind.Plus: return v;
            case UnaryOperatorKind.Minus:
                if (u.IsChecked) throw new LoweringException("checked", Loc(u), BpfDiagnostics.Checked);
                return _fb.Binary("sub", LValue.Const(v.Type, 0), v);
            case UnaryOperatorKind.BitwiseNegation: return _fb.Binary("xor", v, LValue.Const(v.Type, -1));
            case UnaryOperatorKind.Not: return _fb.Binary("xor", v, LValue.Const(LType.I1, 1));
        }
        throw NotSupported(u, "The operator " + u.OperatorKind);
    }

    /// <summary>Branches on a condition, keeping <c>&amp;&amp;</c>, <c>||</c> and <c>!</c> as control flow.</summary>
    private void EmitCondition(IOperation cond, BasicBlock ifTrue, BasicBlock ifFalse)
    {
        switch (cond)
        {
            case IParenthesizedOperation p:
                EmitCondition(p.Operand, ifTrue, ifFalse);
                return;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd, OperatorMethod: null } and:
            {
                BasicBlock rhs = _fb.NewBlock("and.rhs");
                EmitCondition(and.LeftOperand, rhs, ifFalse);
                _fb.SetBlock(rhs);
                EmitCondition(and.RightOperand, ifTrue, ifFalse);
                return;
            }
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr, OperatorMethod: null } or:
            {
                BasicBlock rhs = _fb.NewBlock("or.rhs");
                EmitCondition(or.LeftOperand, ifTrue, rhs);
                _fb.SetBlock(rhs);
                EmitCondition(or.RightOperand, ifTrue, ifFalse);
                return;
            }
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } not:
                EmitCondition(not.Operand, ifFalse, ifTrue);
                return;
        }
        if (cond.ConstantValue.HasValue && cond.ConstantValue.Value is bool cb)
        {
            _fb.Br(cb ? ifTrue : ifFalse);
            return;
        }
        _fb.CondBr(EmitValue(cond), ifTrue, ifFalse);
    }

    private LValue EmitConditionalValue(IConditionalOperation c, ITypeSymbol type)
    {
        BasicBlock t = _fb.NewBlock("cond.true"), f = _fb.NewBlock("cond.false"), end = _fb.NewBlock("cond.end");
        EmitCondition(c.Condition, t, f);
        _fb.SetBlock(t);
        LValue a = EmitValueAs(c.WhenTrue, type);
        BasicBlock tEnd = _fb.Current;
        _fb.Br(end);
        _fb.SetBlock(f);
        LValue b = EmitValueAs(c.WhenFalse!, type);
        BasicBlock fEnd = _fb.Current;
        _fb.Br(end);
        _fb.SetBlock(end);
        return _fb.Phi(a.Type, new[] { (a, tEnd), (b, fEnd) });
    }

    /// <summary>Assignment; returns the assigned scalar, or null for a struct.</summary>
    /// <remarks>C# evaluates the target's receiver and indices first, then the value.</remarks>
    private LValue? Assign(ISimpleAssignmentOperation a)
    {
        ITypeSymbol t = Subst(a.Target.Type!);
        if (a.IsRef)
        {
            // m = ref other: a ref local now refers to another variable.
            if (a.Target is not ILocalReferenceOperation { Local.IsRef: true } rl) throw NotSupported(a, "This ref reassignment");
            _fb.Store(EmitAddress(a.Value, allowTemp: false), SlotOf(rl.Local), 8);
            return null;
        }
        if (TypeLayout.IsStruct(t))
        {
            if (a.Target is IPropertyReferenceOperation or IParenthesizedOperation { Operand: IPropertyReferenceOperation })
            {
                Place sp = EmitPlace(a.Target);
                LValue built = NewTemp(t);
                EmitStructInto(a.Value, built, fresh: true);
                if (sp.Kind == PlaceKind.Memory) _fb.Memcpy(sp.Address, built, Layout.Of(t, Loc(a)).Size, sp.Align);
                else StorePlace(sp, built, a);
                return null;
            }
            Layout l = Layout.Of(t, Loc(a));
            int align = AlignOf(a.Target);
            LValue target = EmitAddress(a.Target, allowTemp: false);
            if (align >= l.Align)
            {
                EmitStructInto(a.Value, target, fresh: false);
                return null;
            }
            // The target sits less aligned than its type (inside a packed struct): build, then copy bytewise.
            LValue tmp = NewTemp(t);
            EmitStructInto(a.Value, tmp, fresh: true);
            _fb.Memcpy(target, tmp, l.Size, align);
            return null;
        }
        Place place = EmitPlace(a.Target);
        LValue v = EmitValueAs(a.Value, t);
        StorePlace(place, v, a);
        return v;
    }

    private LValue EmitCompound(ICompoundAssignmentOperation ca)
    {
        if (ca.OperatorMethod != null) throw NotSupported(ca, "A user-defined compound operator");
        if (ca.IsChecked && ca.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply)
            throw new LoweringException("checked", Loc(ca), BpfDiagnostics.Checked);
        ITypeSymbol tt = Subst(ca.Target.Type!);
        ITypeSymbol vt = Subst(ca.Value.Type!);
        Place place = EmitPlace(ca.Target);
        LValue old = LoadPlace(place, ca);
        LValue result;
        if (tt is IPointerTypeSymbol pt)
        {
            result = PointerOffset(old, ca.Value, ElementSize(pt, ca), ca.OperatorKind == BinaryOperatorKind.Subtract);
        }
        else if (old.Type == LType.I1)
        {
            LValue r = EmitValue(ca.Value);
            result = Arithmetic(ca.OperatorKind, old, r, false, ca, tt);
        }
        else
        {
            bool shift = ca.OperatorKind is BinaryOperatorKind.LeftShift or BinaryOperatorKind.RightShift or BinaryOperatorKind.UnsignedRightShift;
            ITypeSymbol opType = shift ? Promote(tt, tt) : Promote(tt, vt);
            LType ol = ScalarOf(opType, ca);
            LValue l = ConvertInt(old, tt, ol);
            LValue r = ConvertScalar(EmitValue(ca.Value), vt, ol);
            result = ConvertInt(Arithmetic(ca.OperatorKind, l, r, TypeLayout.IsSigned(opType), ca, opType), opType, old.Type);
        }
        StorePlace(place, result, ca);
        return result;
    }

    private LValue EmitIncrement(IIncrementOrDecrementOperation inc)
    {
        if (inc.OperatorMethod != null) throw NotSupported(inc, "A user-defined ++/--");
        if (inc.IsChecked) throw new LoweringException("checked", Loc(inc), BpfDiagnostics.Checked);
        ITypeSymbol t = Subst(inc.Target.Type!);
        Place place = EmitPlace(inc.Target);
        LValue old = LoadPlace(place, inc);
        bool dec = inc.Kind == OperationKind.Decrement;
        LValue updated = t is IPointerTypeSymbol pt
            ? _fb.Gep(old, dec ? -ElementSize(pt, inc) : ElementSize(pt, inc))
            : old.Type == LType.I1 ? _fb.Binary("xor", old, LValue.Const(LType.I1, 1))
            : _fb.Binary(dec ? "sub" : "add", old, LValue.Const(old.Type, 1));
        StorePlace(place, updated, inc);
        return inc.IsPostfix ? old : updated;
    }

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
                    _fb.Memset(dest, l.Size, l.Align);
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

    private LValue EmitSwitchExpression(ISwitchExpressionOperation sw, ITypeSymbol type)
    {
        ITypeSymbol vt = Subst(sw.Value.Type!);
        LValue value = PatternInput(sw.Value, vt);
        BasicBlock end = _fb.NewBlock("swx.end");
        var incoming = new List<(LValue, BasicBlock)>();
        LType rt = ScalarOf(type, sw);
        foreach (var arm in sw.Arms)
        {
            BasicBlock body = _fb.NewBlock("swx.arm"), next = _fb.NewBlock("swx.next");
            if (arm.Pattern is IDiscardPatternOperation && arm.Guard == null) _fb.Br(body);
            else
            {
                LValue test = EmitPattern(value, vt, arm.Pattern);
                if (arm.Guard != null)
                {
                    BasicBlock g = _fb.NewBlock("swx.guard");
                    _fb.CondBr(test, g, next);
                    _fb.SetBlock(g);
                    EmitCondition(arm.Guard, body, next);
                }
                else _fb.CondBr(test, body, next);
            }
            _fb.SetBlock(body);
            LValue v = EmitValueAs(arm.Value, type);
            incoming.Add((v, _fb.Current));
            _fb.Br(end);
            _fb.SetBlock(next);
        }
        // No arm matched: C# would throw; BPF cannot, so the value is the type's default.
        incoming.Add((rt.IsPtr ? LValue.Null : LValue.Const(rt, 0), _fb.Current));
        _fb.Br(end);
        _fb.SetBlock(end);
        return _fb.Phi(rt, incoming);
    }
}
