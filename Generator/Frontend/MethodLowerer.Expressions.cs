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
            if (op.ConstantValue.Value == null && type.IsReferenceType) return LValue.Null; // null as a map or object: `m != null`
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
                if (CLayout.IsValueTuple(Subst(so.TypeOperand))) throw TupleLayout(op, Subst(so.TypeOperand));
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
            case IObjectCreationOperation oc2 when oc2.Type?.TypeKind == TypeKind.Class:
                throw new LoweringException("new", Loc(op), BpfDiagnostics.HeapAllocation, op.Syntax.ToString());
            case IObjectCreationOperation when type != null && Layout.Scalar(type) != null:
                return LValue.Const(ScalarOf(type, op), 0);
            case ICoalesceOperation co:
                return EmitCoalesce(co);
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

    private LValue EmitFieldValue(IFieldReferenceOperation f, ITypeSymbol type)
    {
        IFieldSymbol field = f.Field;
        if (field.IsFixedSizeBuffer) return EmitAddress(f);
        if (field.IsStatic && BpfSymbols.IsMapType(field.Type))
            return new LValue(LType.Ptr, "@" + _module.MapFor(field, Loc(f)).Name);
        if (field.IsStatic)
        {
            object? constant = _module.StaticReadonlyConstant(field, Loc(f));
            if (constant != null) return LValue.Const(ScalarOf(type, f), Truncate(ConstantAsLong(constant), ScalarOf(type, f)));
            // [Config] values are set after compilation: a volatile load keeps LLVM from folding the default in.
            return Load(EmitAddress(f), type, 0, isVolatile: ModuleLowerer.IsConfig(field));
        }
        return Load(EmitAddress(f), type, AlignOf(f));
    }
}
