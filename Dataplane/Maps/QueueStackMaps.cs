namespace CodeFirstBpf;

/// <summary><c>BPF_MAP_TYPE_QUEUE</c> (kernel 4.20): first in, first out.</summary>
[BpfMapKind(22)]
public sealed class QueueMap<TValue> : QueueStackTable<TValue> where TValue : unmanaged
{
    /// <summary>Declares a queue of at most <paramref name="maxEntries"/> values.</summary>
    public QueueMap(uint maxEntries) : base(maxEntries, lifo: false) { }
}

/// <summary><c>BPF_MAP_TYPE_STACK</c> (kernel 4.20): last in, first out.</summary>
[BpfMapKind(23)]
public sealed class StackMap<TValue> : QueueStackTable<TValue> where TValue : unmanaged
{
    /// <summary>Declares a stack of at most <paramref name="maxEntries"/> values.</summary>
    public StackMap(uint maxEntries) : base(maxEntries, lifo: true) { }
}
