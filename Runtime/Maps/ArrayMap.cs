using System;
using System.Collections.Generic;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// <c>BPF_MAP_TYPE_ARRAY</c> (kernel 3.19): <see cref="BpfTypedMap.MaxEntries"/> values indexed
/// from 0, all present and zero-initialised. Reads and writes do not allocate.
/// </summary>
/// <typeparam name="TValue">The value type, the same size as the BPF side's value.</typeparam>
public sealed unsafe class ArrayMap<TValue> : BpfTypedMap, IEnumerable<TValue>, IBpfInnerMap<ArrayMap<TValue>>
    where TValue : unmanaged
{
    /// <summary>Opens the array map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, another map type, or another value size.</exception>
    public ArrayMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type, or another key or value size.</exception>
    public ArrayMap(BpfMapHandle handle)
        : base(handle, "ArrayMap<TValue>", sizeof(uint), typeof(uint).Name, SizeOf<TValue>(), typeof(TValue).Name, BpfMapType.Array) { }

    /// <inheritdoc />
    static ArrayMap<TValue> IBpfInnerMap<ArrayMap<TValue>>.Open(BpfMapHandle handle) => new(handle);

    /// <summary>The value at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="BpfTypedMap.MaxEntries"/>.</exception>
    public TValue this[uint index]
    {
        get
        {
            CheckIndex(index);
            TryGetValue(index, out TValue value);
            return value;
        }
        set => Set(index, value);
    }

    /// <summary>Reads the value at <paramref name="index"/>; false only when the index is out of range.</summary>
    public bool TryGetValue(uint index, out TValue value)
    {
        TValue result;
        int error = Handle.Lookup(&index, &result);
        value = result;
        return Handle.LookupResult(error);
    }

    /// <summary>Writes the value at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="BpfTypedMap.MaxEntries"/>.</exception>
    public void Set(uint index, in TValue value)
    {
        CheckIndex(index);
        TValue copy = value;
        Handle.UpdateResult(Handle.Update(&index, &copy, MapUpdate.Any), MapUpdate.Any);
    }

    /// <summary>Copies every value, in index order.</summary>
    public TValue[] ToArray()
    {
        var values = new TValue[MaxEntries];
        for (uint i = 0; i < values.Length; i++)
            TryGetValue(i, out values[i]);
        return values;
    }

    /// <summary>Enumerates the values in index order, reading each when it is reached.</summary>
    public IEnumerator<TValue> GetEnumerator()
    {
        for (uint i = 0; i < MaxEntries; i++)
        {
            TryGetValue(i, out TValue value);
            yield return value;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private void CheckIndex(uint index)
    {
        if (index >= MaxEntries)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Map '{Name}' has {MaxEntries} entries.");
    }
}
