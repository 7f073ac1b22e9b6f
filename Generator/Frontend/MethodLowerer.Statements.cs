using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

internal sealed partial class MethodLowerer
{
    private void LowerStatement(IOperation op)
    {
        Guard(op);
        if (op is not IBlockOperation) At(op.Syntax);
        switch (op)
        {
            case IBlockOperation b:
                foreach (var s in b.Operations) LowerStatement(s);
                return;
            case IVariableDeclarationGroupOperation g:
                foreach (var d in g.Declarations)
                    foreach (var v in d.Declarators) DeclareLocal(v, d.Initializer);
                return;
            case IExpressionStatementOperation e:
                EmitEffect(e.Operation);
                return;
            case IConditionalOperation c:
                LowerIf(c);
                return;
            case IWhileLoopOperation w:
                LowerWhile(w);
                return;
            case IForLoopOperation f:
                LowerFor(f);
                return;
            case IForEachLoopOperation:
                throw new LoweringException("foreach", Loc(op), BpfDiagnostics.Foreach);
            case ISwitchOperation s:
                LowerSwitch(s);
                return;
            case IBranchOperation br:
                _fb.Br(Label(br.Target));
                return;
            case ILabeledOperation l:
            {
                BasicBlock target = Label(l.Label);
                _fb.Br(target);
                _fb.SetBlock(target);
                if (l.Operation != null) LowerStatement(l.Operation);
                return;
            }
            case IReturnOperation r:
                LowerReturn(r);
                return;
            case IEmptyOperation:
                return;
            case IThrowOperation:
                throw new LoweringException("throw", Loc(op), BpfDiagnostics.Exceptions, "throw");
            case ITryOperation:
                throw new LoweringException("try", Loc(op), BpfDiagnostics.Exceptions, "try");
            case ILocalFunctionOperation:
                throw NotSupported(op, "A local function");
            case IUsingOperation or ILockOperation:
                throw NotSupported(op, op.Kind == OperationKind.Lock ? "lock" : "using");
            default:
                throw NotSupported(op, "This statement (" + op.Kind + ")");
        }
    }

    private BasicBlock Label(ILabelSymbol label)
    {
        if (!_labels.TryGetValue(label, out var b))
        {
            b = _fb.NewBlock(label.Name.Length > 0 && char.IsLetter(label.Name[0]) ? "l." + label.Name : "label");
            _labels[label] = b;
        }
        return b;
    }

    private void DeclareLocal(IVariableDeclaratorOperation v, IVariableInitializerOperation? groupInit)
    {
        ILocalSymbol local = v.Symbol;
        IVariableInitializerOperation? init = v.Initializer ?? groupInit;
        LValue slot = SlotOf(local);
        ITypeSymbol t = Subst(local.Type);
        if (local.IsRef)
        {
            if (init == null) throw NotSupported(v, "A ref local without initializer");
            _fb.Store(EmitAddress(init.Value, allowTemp: false), slot, 8);
            return;
        }
        if (TypeLayout.IsStruct(t))
        {
            if (init == null)
            {
                // Structs are always zero-initialised, padding included, so the verifier never
                // sees uninitialised stack in a map key — unless a helper fills every byte first.
                if (!_filledByHelper.Contains(local)) _fb.Memset(slot, Layout.Of(t).Size, Layout.Of(t).Align);
                return;
            }
            EmitStructInto(init.Value, slot, fresh: true);
            return;
        }
        if (init != null) Store(EmitValue(init.Value), slot, t);
    }

    private void LowerIf(IConditionalOperation c)
    {
        BasicBlock then = _fb.NewBlock("if.then");
        BasicBlock end = _fb.NewBlock("if.end");
        BasicBlock els = c.WhenFalse != null ? _fb.NewBlock("if.else") : end;
        EmitCondition(c.Condition, then, els);
        _fb.SetBlock(then);
        LowerStatement(c.WhenTrue);
        _fb.Br(end);
        if (c.WhenFalse != null)
        {
            _fb.SetBlock(els);
            LowerStatement(c.WhenFalse);
            _fb.Br(end);
        }
        _fb.SetBlock(end);
    }

    private void LowerWhile(IWhileLoopOperation w)
    {
        BasicBlock cond = _fb.NewBlock("while.cond");
        BasicBlock body = _fb.NewBlock("while.body");
        BasicBlock exit = Label(w.ExitLabel);
        _labels[w.ContinueLabel] = cond;
        if (w.ConditionIsTop)
        {
            _fb.Br(cond);
        }
        else
        {
            _fb.Br(body);
        }
        _fb.SetBlock(cond);
        if (w.Condition != null)
        {
            At(w.Condition.Syntax);
            if (w.ConditionIsUntil) EmitCondition(w.Condition, exit, body);
            else EmitCondition(w.Condition, body, exit);
        }
        else
        {
            _fb.Br(body);
        }
        _fb.SetBlock(body);
        LowerStatement(w.Body);
        _fb.Br(cond);
        _fb.SetBlock(exit);
    }

    private void LowerFor(IForLoopOperation f)
    {
        foreach (var s in f.Before) LowerStatement(s);
        BasicBlock cond = _fb.NewBlock("for.cond");
        BasicBlock body = _fb.NewBlock("for.body");
        BasicBlock step = _fb.NewBlock("for.inc");
        BasicBlock exit = Label(f.ExitLabel);
        _labels[f.ContinueLabel] = step;
        _fb.Br(cond);
        _fb.SetBlock(cond);
        if (f.Condition != null)
        {
            At(f.Condition.Syntax);
            EmitCondition(f.Condition, body, exit);
        }
        else
        {
            _fb.Br(body);
        }
        _fb.SetBlock(body);
        LowerStatement(f.Body);
        _fb.Br(step);
        _fb.SetBlock(step);
        foreach (var s in f.AtLoopBottom) LowerStatement(s);
        _fb.Br(cond);
        _fb.SetBlock(exit);
    }

    private void LowerSwitch(ISwitchOperation s)
    {
        ITypeSymbol vt = Subst(s.Value.Type!);
        LValue value = PatternInput(s.Value, vt);
        BasicBlock exit = Label(s.ExitLabel);
        var sections = s.Cases.Select(_ => _fb.NewBlock("sw.case")).ToList();
        BasicBlock? defaultBlock = null;
        bool allConstant = true;
        var constants = new List<(long, BasicBlock)>();
        var seen = new HashSet<long>();
        for (int i = 0; i < s.Cases.Length; i++)
        {
            foreach (var clause in s.Cases[i].Clauses)
            {
                if (clause.Label != null) _labels[clause.Label] = sections[i];
                switch (clause)
                {
                    case IDefaultCaseClauseOperation:
                        defaultBlock = sections[i];
                        break;
                    case ISingleValueCaseClauseOperation sv when sv.Value.ConstantValue.HasValue:
                        long c = ConstantAsLong(sv.Value.ConstantValue.Value);
                        if (seen.Add(c)) constants.Add((c, sections[i]));
                        break;
                    case IPatternCaseClauseOperation { Guard: null, Pattern: IConstantPatternOperation cp } when cp.Value.ConstantValue.HasValue:
                        long pc = ConstantAsLong(cp.Value.ConstantValue.Value);
                        if (seen.Add(pc)) constants.Add((pc, sections[i]));
                        break;
                    default:
                        allConstant = false;
                        break;
                }
            }
        }
        BasicBlock fallback = defaultBlock ?? exit;
        if (allConstant && value.Type.IsInt)
        {
            _fb.Switch(value, fallback, constants);
        }
        else
        {
            for (int i = 0; i < s.Cases.Length; i++)
            {
                foreach (var clause in s.Cases[i].Clauses)
                {
                    if (clause is IDefaultCaseClauseOperation) continue;
                    BasicBlock next = _fb.NewBlock("sw.next");
                    LValue test = clause switch
                    {
                        ISingleValueCaseClauseOperation sv => Compare(IntPredicate.Eq, value, vt, EmitValueAs(sv.Value, vt)),
                        IPatternCaseClauseOperation pc => EmitPattern(value, vt, pc.Pattern),
                        IRelationalCaseClauseOperation rc => Relational(rc.Relation, value, vt, EmitValueAs(rc.Value, vt)),
                        _ => throw NotSupported(clause, "This case clause"),
                    };
                    if (clause is IPatternCaseClauseOperation { Guard: { } guard })
                    {
                        BasicBlock guardBlock = _fb.NewBlock("sw.guard");
                        _fb.CondBr(test, guardBlock, next);
                        _fb.SetBlock(guardBlock);
                        EmitCondition(guard, sections[i], next);
                    }
                    else
                    {
                        _fb.CondBr(test, sections[i], next);
                    }
                    _fb.SetBlock(next);
                }
            }
            _fb.Br(fallback);
        }
        for (int i = 0; i < s.Cases.Length; i++)
        {
            _fb.SetBlock(sections[i]);
            foreach (var st in s.Cases[i].Body) LowerStatement(st);
            _fb.Br(exit);
        }
        _fb.SetBlock(exit);
    }

    private void LowerReturn(IReturnOperation r)
    {
        if (r.ReturnedValue == null)
        {
            _fb.Ret(null);
            return;
        }
        ITypeSymbol t = Subst(_method.ReturnType);
        if (_sret.HasValue)
        {
            EmitStructInto(r.ReturnedValue, _sret.Value, fresh: false);
            _fb.Ret(null);
            return;
        }
        if (SharedReturnKey(r.ReturnedValue) is { } key)
        {
            if (_sharedReturns.TryGetValue(key, out BasicBlock? shared))
            {
                _fb.Br(shared);
                return;
            }
            shared = _fb.NewBlock("ret.shared");
            _sharedReturns[key] = shared;
            _fb.Br(shared);
            _fb.SetBlock(shared);
        }
        LValue v = EmitValueAs(r.ReturnedValue, t);
        if (_kind != null && v.Type != LType.I32) v = ConvertInt(v, t, LType.I32);
        _fb.Ret(v);
    }

    private readonly Dictionary<string, BasicBlock> _sharedReturns = new();

    /// <summary>
    /// <c>return Count(Untouched);</c> written at several exits computes the same thing at each: a
    /// static call whose arguments are all constants (through plain conversions). The exits then
    /// share one copy of it, as LLVM's tail merging would if the call were not inlined first (each
    /// inlined copy of a map update is a dozen instructions). Null for anything else.
    /// </summary>
    private string? SharedReturnKey(IOperation value)
    {
        switch (value)
        {
            case IParenthesizedOperation p:
                return SharedReturnKey(p.Operand);
            case IConversionOperation { OperatorMethod: null } c when c.Type != null:
                return SharedReturnKey(c.Operand) is { } inner ? "(" + Subst(c.Type).ToDisplayString() + ")" + inner : null;
            case IInvocationOperation { Instance: null } inv when inv.TargetMethod.IsStatic && inv.Arguments.All(a => a.Parameter?.RefKind == RefKind.None && a.Value.ConstantValue.HasValue):
            {
                var sb = new System.Text.StringBuilder(inv.TargetMethod.ToDisplayString());
                foreach (var a in inv.Arguments)
                    sb.Append('|').Append(System.Convert.ToString(a.Value.ConstantValue.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "null");
                return sb.ToString();
            }
            default:
                return null;
        }
    }

    /// <summary>Evaluates an expression for its side effects only.</summary>
    private void EmitEffect(IOperation op)
    {
        switch (op)
        {
            case ISimpleAssignmentOperation a:
                Assign(a);
                return;
            case IDeconstructionAssignmentOperation da:
                EmitDeconstruction(da);
                return;
            case IInvocationOperation inv when inv.Type != null && TypeLayout.IsStruct(Subst(inv.Type)):
                EmitAddress(inv);
                return;
            default:
                if (op.Type == null || op.Type.SpecialType == SpecialType.System_Void) EmitCall(op);
                else EmitValue(op);
                return;
        }
    }
}
