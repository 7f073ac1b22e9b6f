using System.Collections.Generic;
using CodeFirstBpf.Generator.Frontend;
using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Analyzers;

/// <summary>
/// CodeFirstBpf's own types, resolved once per compilation, so the hot paths of the analysis
/// compare symbols instead of formatting names (which <see cref="Generator.Frontend.BpfSymbols"/> does, once per use).
/// </summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation c)
    {
        BpfMap = c.GetTypeByMetadataName("CodeFirstBpf.BpfMap");
        Helpers = c.GetTypeByMetadataName("CodeFirstBpf.Bpf");
    }

    public INamedTypeSymbol? BpfMap { get; }

    /// <summary>The static class <c>Bpf</c> of helper functions.</summary>
    public INamedTypeSymbol? Helpers { get; }

    /// <summary>The symbols of <paramref name="c"/>, or null when it does not reference the Dataplane (no BPF code to check).</summary>
    public static KnownSymbols? Create(Compilation c)
    {
        if (c.GetTypeByMetadataName("CodeFirstBpf.XdpAttribute") == null && c.GetTypeByMetadataName("CodeFirstBpf.TcAttribute") == null) return null;
        return new KnownSymbols(c);
    }

    /// <summary>Whether <paramref name="t"/> is a program context (its struct carries <c>[BpfContext]</c>); asked once per type.</summary>
    public bool IsContext(ITypeSymbol? t)
    {
        if (t == null) return false;
        lock (_contexts)
        {
            if (!_contexts.TryGetValue(t, out bool known)) _contexts[t] = known = BpfSymbols.IsContext(t);
            return known;
        }
    }

    private readonly Dictionary<ITypeSymbol, bool> _contexts = new(SymbolEqualityComparer.Default);

    public bool IsMapType(ITypeSymbol? t)
    {
        for (; t != null && BpfMap != null; t = t.BaseType)
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, BpfMap)) return true;
        return false;
    }

    public bool IsHelpers(ITypeSymbol? t) => t != null && SymbolEqualityComparer.Default.Equals(t, Helpers);
}
