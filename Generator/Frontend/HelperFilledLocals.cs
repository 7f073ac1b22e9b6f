using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// Struct locals that need no zeroing: declared without an initializer and used only through
/// their fields and properties or as the whole destination of <c>ctx.LoadBytes(offset, &amp;local, n)</c> (or <c>LoadBytesRelative</c>)
/// with a constant n covering the struct. C#'s definite assignment means no field is read before
/// such a call has run on every path, and the kernel helper writes every byte (zeroes them on
/// failure), so the memset the generator would emit for padding is dead — and clang's twins do
/// not have it.
/// </summary>
internal static class HelperFilledLocals
{
    public static HashSet<ILocalSymbol> Find(IOperation body, TypeLayout layout)
    {
        var candidates = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var disqualified = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var filled = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var op in body.DescendantsAndSelf())
        {
            if (op is IVariableDeclaratorOperation { Initializer: null } d && d.Parent is IVariableDeclarationOperation { Initializer: null }
                && TypeLayout.IsStruct(d.Symbol.Type) && !d.Symbol.IsRef)
                candidates.Add(d.Symbol);
            if (op is not ILocalReferenceOperation r) continue;
            switch (r.Parent)
            {
                case IFieldReferenceOperation f when f.Instance == r:
                    break;
                // ip.HeaderLength: a property of the struct, read (or set) after the fill as a field is.
                case IPropertyReferenceOperation p when p.Instance == r:
                    break;
                case IAddressOfOperation a when IsLoadBytesDestination(a, r.Local, layout):
                    filled.Add(r.Local);
                    break;
                default:
                    disqualified.Add(r.Local);
                    break;
            }
        }
        candidates.IntersectWith(filled);
        candidates.ExceptWith(disqualified);
        return candidates;
    }

    private static bool IsLoadBytesDestination(IAddressOfOperation address, ILocalSymbol local, TypeLayout layout)
    {
        IOperation arg = address;
        while (arg.Parent is IConversionOperation c) arg = c;
        if (arg.Parent is not IArgumentOperation { Parameter.Ordinal: 1, Parent: IInvocationOperation inv }) return false;
        // bpf_skb_load_bytes and bpf_skb_load_bytes_relative both zero the destination when they fail.
        if (inv.TargetMethod.Name is not ("LoadBytes" or "LoadBytesRelative") || !BpfSymbols.IsContext(inv.TargetMethod.ContainingType)) return false;
        IOperation? length = inv.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 2)?.Value;
        return length != null && ConstantLength(length, layout) is long n && n >= layout.Of(local.Type).Size;
    }

    /// <summary>
    /// A constant, or <c>sizeof(T)</c> of a struct (which C# does not treat as a constant), with
    /// <paramref name="subst"/> resolving a generic method's type parameters.
    /// </summary>
    internal static long? ConstantLength(IOperation op, TypeLayout layout, System.Func<ITypeSymbol, ITypeSymbol>? subst = null)
    {
        while (op is IConversionOperation c && !op.ConstantValue.HasValue) op = c.Operand;
        if (op.ConstantValue is { HasValue: true, Value: { } v } && v is not string and not bool)
            return v is ulong u ? (u > long.MaxValue ? null : (long)u) : System.Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture);
        if (op is ISizeOfOperation s) return layout.Of(subst != null ? subst(s.TypeOperand) : s.TypeOperand).Size;
        return null;
    }
}
