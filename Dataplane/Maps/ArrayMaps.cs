namespace CodeFirstBpf;

/// <summary><c>BPF_MAP_TYPE_ARRAY</c> (kernel 3.19).</summary>
[BpfMapKind(2, IndexKey = true)]
public sealed class ArrayMap<TValue> : ArrayTable<TValue> where TValue : unmanaged
{
    /// <summary>Declares the map.</summary>
    public ArrayMap(uint maxEntries) : base(maxEntries) { }
}

/// <summary><c>BPF_MAP_TYPE_PERCPU_ARRAY</c> (kernel 4.6). In BPF code the value is this CPU's.</summary>
[BpfMapKind(6, IndexKey = true)]
public sealed class PerCpuArrayMap<TValue> : ArrayTable<TValue> where TValue : unmanaged
{
    /// <summary>Declares the map.</summary>
    public PerCpuArrayMap(uint maxEntries) : base(maxEntries) { }
}
