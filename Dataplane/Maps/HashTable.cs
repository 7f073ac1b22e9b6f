using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace CodeFirstBpf;

/// <summary>
/// In-memory storage behind the hash map family when a program runs as .NET code. Values live in
/// native memory so <c>Lookup</c> can hand out stable pointers, as in the kernel.
/// </summary>
public unsafe abstract class HashTable<TKey, TValue> : BpfMap
    where TKey : unmanaged
    where TValue : unmanaged
{
    private readonly Dictionary<TKey, nint> _values = new();

    /// <summary>Creates the table.</summary>
    protected HashTable(uint maxEntries) : base(maxEntries) { }

    /// <summary>Pointer to the value of <paramref name="key"/>, or null when absent.</summary>
    public TValue* Lookup(in TKey key) => _values.TryGetValue(key, out var p) ? (TValue*)p : null;

    /// <summary>Copies the value of <paramref name="key"/> out; false (and default) when absent.</summary>
    public bool TryGetValue(in TKey key, out TValue value)
    {
        TValue* p = Lookup(key);
        value = p == null ? default : *p;
        return p != null;
    }

    /// <summary>Creates or replaces the value of <paramref name="key"/>; 0 or a negative errno.</summary>
    public long Update(in TKey key, in TValue value, MapUpdate flags = MapUpdate.Any)
    {
        bool exists = _values.TryGetValue(key, out var p);
        if (flags == MapUpdate.NoExist && exists) return EExist;
        if (flags == MapUpdate.Exist && !exists) return ENoEnt;
        if (!exists)
        {
            if (_values.Count >= MaxEntries && !EvictOne()) return E2Big;
            p = (nint)NativeMemory.AllocZeroed((nuint)sizeof(TValue));
            _values[key] = p;
        }
        *(TValue*)p = value;
        return 0;
    }

    /// <summary>Removes <paramref name="key"/>; 0 or <c>-ENOENT</c>.</summary>
    public long Delete(in TKey key)
    {
        if (!_values.Remove(key, out var p)) return ENoEnt;
        NativeMemory.Free((void*)p);
        return 0;
    }

    /// <inheritdoc />
    public override IEnumerable<(byte[] Key, byte[] Value)> RawEntries()
    {
        var entries = new List<(byte[], byte[])>(_values.Count);
        foreach (var (key, value) in _values)
        {
            TKey k = key;
            entries.Add((new ReadOnlySpan<byte>(&k, sizeof(TKey)).ToArray(), new ReadOnlySpan<byte>((void*)value, sizeof(TValue)).ToArray()));
        }
        return entries;
    }

    /// <inheritdoc />
    public override void Reset()
    {
        foreach (var p in _values.Values) NativeMemory.Free((void*)p);
        _values.Clear();
    }

    /// <summary>Frees one entry to make room; LRU maps override this.</summary>
    private protected virtual bool EvictOne() => false;

    private protected bool RemoveAny()
    {
        foreach (var k in _values.Keys) return Delete(k) == 0;
        return false;
    }
}
