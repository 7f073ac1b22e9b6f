namespace CodeFirstBpf;

/// <summary><c>BPF_MAP_TYPE_QUEUE</c> (kernel 4.20): first in, first out.</summary>
[BpfMapKind(22, InnerMap = true, Flags = MapFlags.NumaNode | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser | MapFlags.ReadOnlyProgram | MapFlags.WriteOnlyProgram)]
public sealed class QueueMap<TValue> : QueueStackTable<TValue> where TValue : unmanaged
{
    /// <summary>Declares a queue of at most <paramref name="maxEntries"/> values.</summary>
    public QueueMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags, lifo: false) { }
}

/// <summary><c>BPF_MAP_TYPE_STACK</c> (kernel 4.20): last in, first out.</summary>
[BpfMapKind(23, InnerMap = true, Flags = MapFlags.NumaNode | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser | MapFlags.ReadOnlyProgram | MapFlags.WriteOnlyProgram)]
public sealed class StackMap<TValue> : QueueStackTable<TValue> where TValue : unmanaged
{
    /// <summary>Declares a stack of at most <paramref name="maxEntries"/> values.</summary>
    public StackMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags, lifo: true) { }
}
