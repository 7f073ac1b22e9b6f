namespace CodeFirstBpf.Runtime;

/// <summary>
/// A typed map that can be the inner map of a map of maps: it can be opened over a map handle
/// that <see cref="ArrayOfMaps{TInner}"/> or <see cref="HashOfMaps{TKey, TInner}"/> created or found.
/// </summary>
/// <typeparam name="TSelf">The typed map itself.</typeparam>
public interface IBpfInnerMap<TSelf> where TSelf : BpfTypedMap, IBpfInnerMap<TSelf>
{
    /// <summary>Opens the typed map over <paramref name="handle"/>, checking its type, key and value sizes.</summary>
    static abstract TSelf Open(BpfMapHandle handle);
}
