using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Analyzers.Rules;

/// <summary>
/// BPF1016: the stack a method's frame needs, counted as the generator allocates it before LLVM
/// optimises: one slot per local (8 bytes for a <c>ref</c> local), one per by-value scalar
/// parameter. Struct sizes follow C layout. BPF allows 512 bytes.
/// </summary>
internal static class StackEstimate
{
    public const int Limit = 512;

    public static int Bytes(IMethodSymbol method, IOperation body, KnownSymbols known, TypeSizes sizes)
    {
        var locals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var op in body.DescendantsAndSelf())
        {
            if (op is ILocalReferenceOperation l) locals.Add(l.Local);
            else if (op is IVariableDeclaratorOperation d) locals.Add(d.Symbol);
        }
        int total = 0;
        foreach (var l in locals) total += l.IsRef ? 8 : sizes.SizeOf(l.Type);
        foreach (var p in method.Parameters)
            if (p.RefKind == RefKind.None && !(p.Type.TypeKind == TypeKind.Struct && p.Type.SpecialType == SpecialType.None && !known.IsContext(p.Type)))
                total += sizes.SizeOf(p.Type);
        return total;
    }
}
