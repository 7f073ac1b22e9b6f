namespace CodeFirstBpf;

/// <summary><c>BPF_MAP_TYPE_HASH</c> (kernel 3.19).</summary>
[BpfMapKind(1, InnerMap = true, Flags = MapFlags.NoPrealloc | MapFlags.NumaNode | MapFlags.ZeroSeed | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser | MapFlags.ReadOnlyProgram | MapFlags.WriteOnlyProgram)]
public sealed class HashMap<TKey, TValue> : HashTable<TKey, TValue>
    where TKey : unmanaged where TValue : unmanaged
{
    /// <summary>Declares the map.</summary>
    public HashMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags) { }
}

/// <summary><c>BPF_MAP_TYPE_PERCPU_HASH</c> (kernel 4.6). In BPF code the value is this CPU's.</summary>
[BpfMapKind(5, InnerMap = true, Flags = MapFlags.NoPrealloc | MapFlags.ZeroSeed | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser | MapFlags.ReadOnlyProgram | MapFlags.WriteOnlyProgram)]
public sealed class PerCpuHashMap<TKey, TValue> : HashTable<TKey, TValue>
    where TKey : unmanaged where TValue : unmanaged
{
    /// <summary>Declares the map.</summary>
    public PerCpuHashMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags) { }
}

/// <summary><c>BPF_MAP_TYPE_LRU_HASH</c> (kernel 4.10): full maps evict instead of failing.</summary>
[BpfMapKind(9, InnerMap = true, Flags = MapFlags.NoCommonLru | MapFlags.NumaNode | MapFlags.ZeroSeed | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser | MapFlags.ReadOnlyProgram | MapFlags.WriteOnlyProgram)]
public sealed class LruHashMap<TKey, TValue> : HashTable<TKey, TValue>
    where TKey : unmanaged where TValue : unmanaged
{
    /// <summary>Declares the map.</summary>
    public LruHashMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags) { }

    private protected override long Capacity => (Flags & MapFlags.NoCommonLru) != 0 ? PerCpuShare() : MaxEntries;

    private protected override bool EvictOne() => (Flags & MapFlags.NoCommonLru) != 0 ? RemoveOldest(PerCpuEvictionBatch) : RemoveAny();
}

/// <summary><c>BPF_MAP_TYPE_LRU_PERCPU_HASH</c> (kernel 4.10).</summary>
[BpfMapKind(10, InnerMap = true, Flags = MapFlags.NoCommonLru | MapFlags.ZeroSeed | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser | MapFlags.ReadOnlyProgram | MapFlags.WriteOnlyProgram)]
public sealed class LruPerCpuHashMap<TKey, TValue> : HashTable<TKey, TValue>
    where TKey : unmanaged where TValue : unmanaged
{
    /// <summary>Declares the map.</summary>
    public LruPerCpuHashMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags) { }

    private protected override long Capacity => (Flags & MapFlags.NoCommonLru) != 0 ? PerCpuShare() : MaxEntries;

    private protected override bool EvictOne() => (Flags & MapFlags.NoCommonLru) != 0 ? RemoveOldest(PerCpuEvictionBatch) : RemoveAny();
}
