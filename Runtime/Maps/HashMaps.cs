namespace CodeFirstBpf.Runtime;

/// <summary><c>BPF_MAP_TYPE_HASH</c> (kernel 3.19): a hash table; updates fail when it is full.</summary>
/// <typeparam name="TKey">The key type, the same size as the BPF side's key.</typeparam>
/// <typeparam name="TValue">The value type, the same size as the BPF side's value.</typeparam>
public sealed class HashMap<TKey, TValue> : BpfHashMapBase<TKey, TValue>, IBpfInnerMap<HashMap<TKey, TValue>>
    where TKey : unmanaged
    where TValue : unmanaged
{
    /// <summary>Opens the hash map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, another map type, or another key or value size.</exception>
    public HashMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type, or another key or value size.</exception>
    public HashMap(BpfMapHandle handle) : base(handle, "HashMap<TKey, TValue>", BpfMapType.Hash) { }

    /// <inheritdoc />
    static HashMap<TKey, TValue> IBpfInnerMap<HashMap<TKey, TValue>>.Open(BpfMapHandle handle) => new(handle);
}

/// <summary><c>BPF_MAP_TYPE_LRU_HASH</c> (kernel 4.10): a hash table that evicts the least recently used entries when full.</summary>
/// <typeparam name="TKey">The key type, the same size as the BPF side's key.</typeparam>
/// <typeparam name="TValue">The value type, the same size as the BPF side's value.</typeparam>
public sealed class LruHashMap<TKey, TValue> : BpfHashMapBase<TKey, TValue>, IBpfInnerMap<LruHashMap<TKey, TValue>>
    where TKey : unmanaged
    where TValue : unmanaged
{
    /// <summary>Opens the LRU hash map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, another map type, or another key or value size.</exception>
    public LruHashMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type, or another key or value size.</exception>
    public LruHashMap(BpfMapHandle handle) : base(handle, "LruHashMap<TKey, TValue>", BpfMapType.LruHash) { }

    /// <inheritdoc />
    static LruHashMap<TKey, TValue> IBpfInnerMap<LruHashMap<TKey, TValue>>.Open(BpfMapHandle handle) => new(handle);
}
