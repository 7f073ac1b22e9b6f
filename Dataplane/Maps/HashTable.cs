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
            if (_values.Count >= MaxEntries && !EvictOne()) return E2Big;
            p = (nint)NativeMemory.AllocZeroed((nuint)sizeof(TValue));
            _values[bytes.ToArray()] = p;
        }
        *(TValue*)p = value;
        return 0;
    }

    /// <summary>Removes <paramref name="key"/>; 0 or <c>-ENOENT</c>.</summary>
    [BpfHelper(3)]
    public long Delete(in TKey key)
    {
        if (!_byBytes.Remove(Bytes(in key), out _, out var p)) return ENoEnt;
        NativeMemory.Free((void*)p);
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
    }

    /// <summary>Frees one entry to make room; LRU maps override this.</summary>
    private protected virtual bool EvictOne() => false;

    private protected bool RemoveAny()
    {
        foreach (var (k, p) in _values)
        {
            _values.Remove(k);
            NativeMemory.Free((void*)p);
            return true;
        }
        return false;
    }

    /// <summary>Byte-wise equality and hashing of raw keys, also over spans so lookups need no copy.</summary>
    private sealed class RawKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly RawKeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var h = new HashCode();
            h.AddBytes(alternate);
            return h.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
