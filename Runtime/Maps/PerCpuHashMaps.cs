namespace CodeFirstBpf.Runtime;

/// <summary><c>BPF_MAP_TYPE_PERCPU_HASH</c> (kernel 4.6): a hash table with one value per possible CPU in each entry.</summary>
/// <typeparam name="TKey">The key type, the same size as the BPF side's key.</typeparam>
/// <typeparam name="TValue">The value type, the same size as the BPF side's value.</typeparam>
public sealed class PerCpuHashMap<TKey, TValue> : BpfPerCpuHashMapBase<TKey, TValue>, IBpfInnerMap<PerCpuHashMap<TKey, TValue>>
    where TKey : unmanaged
    where TValue : unmanaged
{
    /// <summary>Opens the per-CPU hash map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, another map type, or another key or value size.</exception>
    public PerCpuHashMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type, or another key or value size.</exception>
    public PerCpuHashMap(BpfMapHandle handle) : base(handle, "PerCpuHashMap<TKey, TValue>", BpfMapType.PerCpuHash) { }

    /// <inheritdoc />
    static PerCpuHashMap<TKey, TValue> IBpfInnerMap<PerCpuHashMap<TKey, TValue>>.Open(BpfMapHandle handle) => new(handle);
}

/// <summary><c>BPF_MAP_TYPE_LRU_PERCPU_HASH</c> (kernel 4.10): a per-CPU hash table that evicts the least recently used entries when full.</summary>
/// <typeparam name="TKey">The key type, the same size as the BPF side's key.</typeparam>
/// <typeparam name="TValue">The value type, the same size as the BPF side's value.</typeparam>
public sealed class LruPerCpuHashMap<TKey, TValue> : BpfPerCpuHashMapBase<TKey, TValue>, IBpfInnerMap<LruPerCpuHashMap<TKey, TValue>>
    where TKey : unmanaged
    where TValue : unmanaged
{
    /// <summary>Opens the LRU per-CPU hash map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, another map type, or another key or value size.</exception>
    public LruPerCpuHashMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type, or another key or value size.</exception>
    public LruPerCpuHashMap(BpfMapHandle handle) : base(handle, "LruPerCpuHashMap<TKey, TValue>", BpfMapType.LruPerCpuHash) { }

    /// <inheritdoc />
    static LruPerCpuHashMap<TKey, TValue> IBpfInnerMap<LruPerCpuHashMap<TKey, TValue>>.Open(BpfMapHandle handle) => new(handle);
}
