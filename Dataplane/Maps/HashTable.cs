using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace CodeFirstBpf;

/// <summary>
/// In-memory storage behind the hash map family when a program runs as .NET code. Values live in
/// native memory so <c>Lookup</c> can hand out stable pointers, as in the kernel. Keys are their
/// raw bytes, padding included, as the kernel hashes and compares them (<c>jhash</c> and
/// <c>memcmp</c> over <c>key_size</c> bytes): two keys whose fields agree but whose padding
/// differs are two entries, in both runs.
/// </summary>
public unsafe abstract class HashTable<TKey, TValue> : BpfMap
    where TKey : unmanaged
    where TValue : unmanaged
{
    private readonly Dictionary<byte[], nint> _values = new(RawKeyComparer.Instance);
    private readonly Dictionary<byte[], nint>.AlternateLookup<ReadOnlySpan<byte>> _byBytes;
    // The keys oldest first, for the LRU maps' eviction order.
    private readonly LinkedList<byte[]> _age = new();
    private readonly Dictionary<byte[], LinkedListNode<byte[]>> _ageNodes = new(RawKeyComparer.Instance);

    /// <summary>Creates the table.</summary>
    protected HashTable(uint maxEntries, MapFlags flags) : base(maxEntries, flags) => _byBytes = _values.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>The bytes of <paramref name="key"/> where it lies (a packet, a map value, a local): no copy that could drop padding.</summary>
    private static ReadOnlySpan<byte> Bytes(in TKey key) => MemoryMarshal.AsBytes(new ReadOnlySpan<TKey>(in key));

    /// <summary>Pointer to the value of <paramref name="key"/>, or null when absent.</summary>
    [BpfHelper(1)]
    public TValue* Lookup(in TKey key) => _byBytes.TryGetValue(Bytes(in key), out var p) ? (TValue*)p : null;

    /// <summary>Copies the value of <paramref name="key"/> out; false (and default) when absent.</summary>
    [BpfHelper(1)]
    public bool TryGetValue(in TKey key, out TValue value)
    {
        TValue* p = Lookup(key);
        value = p == null ? default : *p;
        return p != null;
    }

    /// <summary>Creates or replaces the value of <paramref name="key"/>; 0 or a negative errno.</summary>
    [BpfHelper(2)]
    public long Update(in TKey key, in TValue value, MapUpdate flags = MapUpdate.Any)
    {
        var bytes = Bytes(in key);
        bool exists = _byBytes.TryGetValue(bytes, out var p);
        if (flags == MapUpdate.NoExist && exists) return EExist;
        if (flags == MapUpdate.Exist && !exists) return ENoEnt;
        if (!exists)
        {
            if (_values.Count >= Capacity && !EvictOne()) return E2Big;
            p = (nint)NativeMemory.AllocZeroed((nuint)sizeof(TValue));
            byte[] stored = bytes.ToArray();
            _values[stored] = p;
            _ageNodes[stored] = _age.AddLast(stored);
        }
        *(TValue*)p = value;
        return 0;
    }

    /// <summary>Removes <paramref name="key"/>; 0 or <c>-ENOENT</c>.</summary>
    [BpfHelper(3)]
    public long Delete(in TKey key)
    {
        if (!_byBytes.Remove(Bytes(in key), out var stored, out var p)) return ENoEnt;
        Forget(stored, p);
        return 0;
    }

    /// <inheritdoc />
    public override IEnumerable<(byte[] Key, byte[] Value)> RawEntries()
    {
        var entries = new List<(byte[], byte[])>(_values.Count);
        foreach (var (key, value) in _values)
            entries.Add(((byte[])key.Clone(), new ReadOnlySpan<byte>((void*)value, sizeof(TValue)).ToArray()));
        return entries;
    }

    /// <inheritdoc />
    public override void Reset()
    {
        foreach (var p in _values.Values) NativeMemory.Free((void*)p);
        _values.Clear();
        _age.Clear();
        _ageNodes.Clear();
    }

    /// <summary>How many entries fit before an update must evict (or fail): <see cref="BpfMap.MaxEntries"/> unless an LRU map splits it per CPU.</summary>
    private protected virtual long Capacity => MaxEntries;

    /// <summary>Frees one entry to make room; LRU maps override this.</summary>
    private protected virtual bool EvictOne() => false;

    private protected bool RemoveAny()
    {
        foreach (var (k, p) in _values)
        {
            _values.Remove(k);
            Forget(k, p);
            return true;
        }
        return false;
    }

    /// <summary>Removes up to <paramref name="count"/> of the oldest entries; false when there were none.</summary>
    private protected bool RemoveOldest(int count)
    {
        if (_age.First == null) return false;
        for (int i = 0; i < count && _age.First is { } oldest; i++)
        {
            _values.Remove(oldest.Value, out var p);
            Forget(oldest.Value, p);
        }
        return true;
    }

    /// <summary>
    /// With <see cref="MapFlags.NoCommonLru"/> the kernel gives each CPU its own LRU list holding an even
    /// share of the (rounded up) entries (<c>htab_map_alloc</c>, <c>bpf_percpu_lru_populate</c>); a .NET run
    /// is one CPU, so it holds that share.
    /// </summary>
    private protected long PerCpuShare()
    {
        long cpus = PossibleCpus.Count, rounded = (MaxEntries + cpus - 1) / cpus * cpus;
        if (rounded > uint.MaxValue) rounded = MaxEntries / cpus * cpus;
        return rounded / cpus;
    }

    /// <summary>
    /// A full per-CPU LRU list frees <c>PERCPU_FREE_TARGET</c> (4) entries at once, the least recently
    /// used first (<c>__bpf_lru_list_shrink</c>); in .NET the oldest inserted, as when the program does
    /// not look entries up in between (the kernel's reference bits are not modelled).
    /// </summary>
    private protected const int PerCpuEvictionBatch = 4;

    private void Forget(byte[] key, nint value)
    {
        if (_ageNodes.Remove(key, out var node)) _age.Remove(node);
        NativeMemory.Free((void*)value);
    }
}
