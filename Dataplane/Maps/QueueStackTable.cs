using System.Collections.Generic;

namespace CodeFirstBpf;

/// <summary>
/// In-memory storage behind <see cref="QueueMap{TValue}"/> and <see cref="StackMap{TValue}"/> when a
/// program runs as .NET code: at most <see cref="BpfMap.MaxEntries"/> values, no keys.
/// </summary>
public abstract class QueueStackTable<TValue> : BpfMap where TValue : unmanaged
{
    private readonly LinkedList<TValue> _values = new();
    private readonly bool _lifo;

    /// <summary>Creates the table; <paramref name="lifo"/> pops the newest value first.</summary>
    protected QueueStackTable(uint maxEntries, MapFlags flags, bool lifo) : base(maxEntries, flags) => _lifo = lifo;

    /// <summary>
    /// <c>bpf_map_push_elem</c>: adds <paramref name="value"/>. When the map is full it returns
    /// <c>-E2BIG</c>, unless <paramref name="flags"/> is <see cref="MapUpdate.Exist"/>, which drops the
    /// oldest value to make room. 0 or a negative errno.
    /// </summary>
    [BpfHelper(87)]
    public long Push(in TValue value, MapUpdate flags = MapUpdate.Any)
    {
        lock (_values)
        {
            if (_values.Count >= MaxEntries)
            {
                if (flags != MapUpdate.Exist) return E2Big;
                _values.RemoveFirst();
            }
            _values.AddLast(value);
            return 0;
        }
    }

    /// <summary><c>bpf_map_pop_elem</c>: takes the next value (the oldest of a queue, the newest of a stack); false when empty.</summary>
    [BpfHelper(88)]
    public bool TryPop(out TValue value) => Take(remove: true, out value);

    /// <summary><c>bpf_map_peek_elem</c>: reads the next value without taking it; false when empty.</summary>
    [BpfHelper(89)]
    public bool TryPeek(out TValue value) => Take(remove: false, out value);

    private bool Take(bool remove, out TValue value)
    {
        lock (_values)
        {
            LinkedListNode<TValue>? node = _lifo ? _values.Last : _values.First;
            if (node == null)
            {
                value = default;
                return false;
            }
            value = node.Value;
            if (remove) _values.Remove(node);
            return true;
        }
    }
}
