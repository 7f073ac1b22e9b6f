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

    /// <summary>
    /// <c>a ?? b</c>: the only reference types BPF code has are maps, so this is "the inner map, or
    /// else that one"; <c>b</c> runs only when <c>a</c> is null, as in C#.
    /// </summary>
    private LValue EmitCoalesce(ICoalesceOperation c)
    {
        ITypeSymbol type = Subst(c.Type!);
        LValue a = EmitValueAs(c.Value, type);
        if (!a.Type.IsPtr) throw NotSupported(c, "'??' on a value that is not a map");
        BasicBlock start = _fb.Current, other = _fb.NewBlock("coalesce.null"), end = _fb.NewBlock("coalesce.end");
        _fb.CondBr(_fb.ICmp(IntPredicate.Eq, a, LValue.Null), other, end);
        _fb.SetBlock(other);
        LValue b = EmitValueAs(c.WhenNull, type);
        BasicBlock otherEnd = _fb.Current;
        _fb.Br(end);
        _fb.SetBlock(end);
        return _fb.Phi(LType.Ptr, new[] { (a, start), (b, otherEnd) });
    }

    private LValue EmitSwitchExpression(ISwitchExpressionOperation sw, ITypeSymbol type)
    {
        ITypeSymbol vt = Subst(sw.Value.Type!);
        LValue value = PatternInput(sw.Value, vt);
        BasicBlock end = _fb.NewBlock("swx.end");
        var incoming = new List<(LValue, BasicBlock)>();
        LType rt = ScalarOf(type, sw);
        for (int i = 0; i < sw.Arms.Length; i++)
        {
            ISwitchExpressionArmOperation arm = sw.Arms[i];
            if (i == sw.Arms.Length - 2 && arm.Guard == null && arm.Pattern is IRelationalPatternOperation && arm.Value.ConstantValue.HasValue
                && sw.Arms[i + 1] is { Pattern: IDiscardPatternOperation, Guard: null, Value.ConstantValue.HasValue: true } last)
            {
                // "< c => a, _ => b" with constants: a select, as clang has "x < c ? a : b" (the
                // constant on the fall-through edge is what lets the register allocator share it).
                // Not for constant patterns: LLVM folds a chain of those into one switch.
                LValue test = EmitPattern(value, vt, arm.Pattern);
                incoming.Add((_fb.Select(test, EmitValueAs(arm.Value, type), EmitValueAs(last.Value, type)), _fb.Current));
                _fb.Br(end);
                _fb.SetBlock(end);
                return _fb.Phi(rt, incoming);
            }
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
