using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// Bool locals whose storage nothing can see: every use reads the value or assigns a new one, and
/// no use takes the address (no <c>&amp;b</c>, no <c>ref</c>/<c>out</c>/<c>in</c> argument, no ref
/// local, no pattern or member access on it). Their slots hold an <c>i1</c> instead of the byte
/// .NET keeps in memory, so LLVM carries flags as 0/1 registers and never masks a reloaded byte
/// (<c>w &amp;= 0xff</c>) or compares it with 0 again, as clang's <c>_Bool</c> locals go. A bool
/// anything could write as a byte (2 is true in .NET) stays a byte.
/// </summary>
internal static class RegisterBools
{
    public static HashSet<ILocalSymbol> Find(IOperation body)
    {
        var bools = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var escaped = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var op in body.DescendantsAndSelf())
        {
            if (op is IVariableDeclaratorOperation d && d.Symbol.Type.SpecialType == SpecialType.System_Boolean && !d.Symbol.IsRef)
                bools.Add(d.Symbol);
            if (op is ILocalReferenceOperation r && r.Local.Type.SpecialType == SpecialType.System_Boolean && !IsValueUse(r))
                escaped.Add(r.Local);
        }
        bools.ExceptWith(escaped);
        return bools;
    }

    /// <summary>Whether the reference only reads the value or is the whole target of an assignment.</summary>
    private static bool IsValueUse(ILocalReferenceOperation r) => r.Parent switch
    {
        ISimpleAssignmentOperation a => !a.IsRef,
        ICompoundAssignmentOperation => true,
        IBinaryOperation or IUnaryOperation or IConversionOperation or IParenthesizedOperation => true,
        IConditionalOperation c => !c.IsRef,
        IWhileLoopOperation or IForLoopOperation => true,
        IArgumentOperation arg => arg.Parameter is { RefKind: RefKind.None },
        IReturnOperation => r.Parent.Parent is not null && !IsRefReturn(r),
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.IsRef: false } } => true,
        IExpressionStatementOperation => true,
        _ => false,
    };

    private static bool IsRefReturn(IOperation o)
    {
        for (IOperation? p = o; p != null; p = p.Parent)
            if (p is ILocalFunctionOperation lf) return lf.Symbol.ReturnsByRef || lf.Symbol.ReturnsByRefReadonly;
        return false;
    }
}
