using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// BPF1016: the stack a method's frame needs, counted as the generator allocates it before LLVM
/// optimises: one slot per local (8 bytes for a <c>ref</c> local), one per by-value scalar
/// parameter. Struct sizes follow C layout. BPF allows 512 bytes. One estimate, linked into the
/// analyzers, so the IDE and the build report the same number once; what LLVM really allocates is
/// checked again by the back end (BPF1016 at the method).
/// </summary>
internal static class StackEstimate
{
    public const int Limit = 512;

    public static int Bytes(IMethodSymbol method, IOperation body, CLayout layout)
    {
        var locals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var op in body.DescendantsAndSelf())
        {
            if (op is ILocalReferenceOperation l) locals.Add(l.Local);
            else if (op is IVariableDeclaratorOperation d) locals.Add(d.Symbol);
        }
        int total = 0;
        int SizeOf(ITypeSymbol t) => layout.Of(t) is { } l ? l.Size : 8;
        foreach (var l in locals) total += l.IsRef ? 8 : SizeOf(l.Type);
        foreach (var p in method.Parameters)
            if (p.RefKind == RefKind.None && !(p.Type.TypeKind == TypeKind.Struct && p.Type.SpecialType == SpecialType.None && !BpfSymbols.IsContext(p.Type)))
                total += SizeOf(p.Type);
        return total;
    }
}
