namespace CodeFirstBpf;

/// <summary><c>BPF_MAP_TYPE_ARRAY</c> (kernel 3.19).</summary>
[BpfMapKind(2, InnerMap = true, IndexKey = true, Flags = MapFlags.NumaNode | MapFlags.Mmapable | MapFlags.InnerMap | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser | MapFlags.ReadOnlyProgram | MapFlags.WriteOnlyProgram)]
public sealed class ArrayMap<TValue> : ArrayTable<TValue> where TValue : unmanaged
{
    /// <summary>Declares the map.</summary>
    public ArrayMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags) { }
}

/// <summary><c>BPF_MAP_TYPE_PERCPU_ARRAY</c> (kernel 4.6). In BPF code the value is this CPU's.</summary>
[BpfMapKind(6, InnerMap = true, IndexKey = true, Flags = MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser | MapFlags.ReadOnlyProgram | MapFlags.WriteOnlyProgram)]
public sealed class PerCpuArrayMap<TValue> : ArrayTable<TValue> where TValue : unmanaged
{
    /// <summary>Declares the map.</summary>
    public PerCpuArrayMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags) { }
}
