namespace CodeFirstBpf;

/// <summary><c>BPF_MAP_TYPE_HASH</c> (kernel 3.19).</summary>
[BpfMapKind(1)]
public sealed class HashMap<TKey, TValue> : HashTable<TKey, TValue>
    where TKey : unmanaged where TValue : unmanaged
{
    /// <summary>Declares the map.</summary>
    public HashMap(uint maxEntries) : base(maxEntries) { }
}

/// <summary><c>BPF_MAP_TYPE_PERCPU_HASH</c> (kernel 4.6). In BPF code the value is this CPU's.</summary>
[BpfMapKind(5)]
public sealed class PerCpuHashMap<TKey, TValue> : HashTable<TKey, TValue>
    where TKey : unmanaged where TValue : unmanaged
{
    /// <summary>Declares the map.</summary>
    public PerCpuHashMap(uint maxEntries) : base(maxEntries) { }
}

/// <summary><c>BPF_MAP_TYPE_LRU_HASH</c> (kernel 4.10): full maps evict instead of failing.</summary>
[BpfMapKind(9)]
public sealed class LruHashMap<TKey, TValue> : HashTable<TKey, TValue>
    where TKey : unmanaged where TValue : unmanaged
{
    /// <summary>Declares the map.</summary>
    public LruHashMap(uint maxEntries) : base(maxEntries) { }

    private protected override bool EvictOne() => RemoveAny();
}

/// <summary><c>BPF_MAP_TYPE_LRU_PERCPU_HASH</c> (kernel 4.10).</summary>
[BpfMapKind(10)]
public sealed class LruPerCpuHashMap<TKey, TValue> : HashTable<TKey, TValue>
    where TKey : unmanaged where TValue : unmanaged
{
    /// <summary>Declares the map.</summary>
    public LruPerCpuHashMap(uint maxEntries) : base(maxEntries) { }

    private protected override bool EvictOne() => RemoveAny();
}
