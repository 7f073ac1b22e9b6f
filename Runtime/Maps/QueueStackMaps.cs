namespace CodeFirstBpf.Runtime;

/// <summary>
/// The keyless maps <see cref="QueueMap{TValue}"/> and <see cref="StackMap{TValue}"/>: values pushed
/// and popped, from BPF code or from here.
/// </summary>
public abstract unsafe class QueueStackMap<TValue> : BpfTypedMap where TValue : unmanaged
{
    private protected QueueStackMap(BpfMapHandle handle, string className, BpfMapType type)
        : base(handle, className, 0, "nothing", SizeOf<TValue>(), typeof(TValue).Name, type) { }

    /// <summary>
    /// Adds <paramref name="value"/>. With <see cref="MapUpdate.Exist"/> a full map drops its oldest
    /// value to make room.
    /// </summary>
    /// <returns>False when the map is full.</returns>
    /// <exception cref="BpfException">The kernel refused.</exception>
    public bool Push(in TValue value, MapUpdate flags = MapUpdate.Any)
    {
        TValue v = value;
        int error = Handle.Update(null, &v, flags);
        return error switch
        {
            0 => true,
            -Errno.E2BIG => false,
            _ => throw BpfErrors.FromErrno(error, $"Pushing onto map '{Name}'"),
        };
    }

    /// <summary>Takes the next value (the oldest of a queue, the newest of a stack).</summary>
    /// <returns>False when the map is empty.</returns>
    public bool TryPop(out TValue value)
    {
        TValue v;
        int error = Handle.LookupAndDelete(null, &v);
        value = error == 0 ? v : default;
        return Handle.LookupResult(error);
    }

    /// <summary>Reads the next value without taking it.</summary>
    /// <returns>False when the map is empty.</returns>
    public bool TryPeek(out TValue value)
    {
        TValue v;
        int error = Handle.Lookup(null, &v);
        value = error == 0 ? v : default;
        return Handle.LookupResult(error);
    }
}

/// <summary><c>BPF_MAP_TYPE_QUEUE</c> (kernel 4.20): first in, first out.</summary>
public sealed class QueueMap<TValue> : QueueStackMap<TValue>, IBpfInnerMap<QueueMap<TValue>> where TValue : unmanaged
{
    /// <summary>Opens the queue map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, another map type, or another value size.</exception>
    public QueueMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    public QueueMap(BpfMapHandle handle) : base(handle, "QueueMap<TValue>", BpfMapType.Queue) { }

    /// <inheritdoc />
    static QueueMap<TValue> IBpfInnerMap<QueueMap<TValue>>.Open(BpfMapHandle handle) => new(handle);
}

/// <summary><c>BPF_MAP_TYPE_STACK</c> (kernel 4.20): last in, first out.</summary>
public sealed class StackMap<TValue> : QueueStackMap<TValue>, IBpfInnerMap<StackMap<TValue>> where TValue : unmanaged
{
    /// <summary>Opens the stack map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, another map type, or another value size.</exception>
    public StackMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    public StackMap(BpfMapHandle handle) : base(handle, "StackMap<TValue>", BpfMapType.Stack) { }

    /// <inheritdoc />
    static StackMap<TValue> IBpfInnerMap<StackMap<TValue>>.Open(BpfMapHandle handle) => new(handle);
}
