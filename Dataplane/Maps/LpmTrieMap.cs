using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace CodeFirstBpf;

/// <summary>
/// <c>BPF_MAP_TYPE_LPM_TRIE</c> (kernel 4.11): longest-prefix match, e.g. IPv4 routes with
/// <c>TData = uint</c>. <c>BPF_F_NO_PREALLOC</c> is set for you, as the kernel requires.
/// </summary>
[BpfMapKind(11, InnerMap = true, Flags = MapFlags.NoPrealloc | MapFlags.NumaNode | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser | MapFlags.ReadOnlyProgram | MapFlags.WriteOnlyProgram)]
public sealed unsafe class LpmTrieMap<TData, TValue> : BpfMap
    where TData : unmanaged where TValue : unmanaged
{
    private readonly List<(uint Prefix, TData Data, nint Value)> _entries = new();

    /// <summary>Declares the map; <see cref="MapFlags.NoPrealloc"/> is added to <paramref name="flags"/>, as the kernel requires.</summary>
    public LpmTrieMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags | MapFlags.NoPrealloc) { }

    /// <summary>The value of the longest prefix matching <paramref name="key"/>, or null.</summary>
    [BpfHelper(1)]
    public TValue* Lookup(in LpmKey<TData> key)
    {
        nint best = 0;
        uint bestLength = 0;
        bool found = false;
        foreach (var (prefix, data, value) in _entries)
        {
            if (prefix > key.PrefixLength || (found && prefix < bestLength)) continue;
            if (Matches(data, key.Data, prefix))
            {
                best = value;
                bestLength = prefix;
                found = true;
            }
        }
        return found ? (TValue*)best : null;
    }

    /// <summary>Copies the longest-prefix value out; false (and default) when nothing matches.</summary>
    [BpfHelper(1)]
    public bool TryGetValue(in LpmKey<TData> key, out TValue value)
    {
        TValue* p = Lookup(key);
        value = p == null ? default : *p;
        return p != null;
    }

    /// <summary>Adds or replaces the exact prefix <paramref name="key"/>; 0 or a negative errno.</summary>
    [BpfHelper(2)]
    public long Update(in LpmKey<TData> key, in TValue value, MapUpdate flags = MapUpdate.Any)
    {
        if (key.PrefixLength > sizeof(TData) * 8) return EInval;
        for (int i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Prefix != key.PrefixLength || !Matches(_entries[i].Data, key.Data, key.PrefixLength)) continue;
            if (flags == MapUpdate.NoExist) return EExist;
            *(TValue*)_entries[i].Value = value;
            // The kernel replaces the node with one holding the new key's data bytes, bits past the prefix included.
            _entries[i] = (key.PrefixLength, key.Data, _entries[i].Value);
            return 0;
        }
        if (flags == MapUpdate.Exist) return ENoEnt;
        if (_entries.Count >= MaxEntries) return E2Big;
        nint p = (nint)NativeMemory.AllocZeroed((nuint)sizeof(TValue));
        *(TValue*)p = value;
        _entries.Add((key.PrefixLength, key.Data, p));
        return 0;
    }

    /// <summary>Removes the exact prefix <paramref name="key"/>; 0 or <c>-ENOENT</c>.</summary>
    [BpfHelper(3)]
    public long Delete(in LpmKey<TData> key)
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Prefix != key.PrefixLength || !Matches(_entries[i].Data, key.Data, key.PrefixLength)) continue;
            NativeMemory.Free((void*)_entries[i].Value);
            _entries.RemoveAt(i);
            return 0;
        }
        return ENoEnt;
    }

    /// <inheritdoc />
    public override IEnumerable<(byte[] Key, byte[] Value)> RawEntries()
    {
        var entries = new List<(byte[], byte[])>(_entries.Count);
        foreach (var (prefix, data, value) in _entries)
        {
            var key = new LpmKey<TData> { PrefixLength = prefix, Data = data };
            entries.Add((new ReadOnlySpan<byte>(&key, sizeof(LpmKey<TData>)).ToArray(), new ReadOnlySpan<byte>((void*)value, sizeof(TValue)).ToArray()));
        }
        return entries;
    }

    /// <inheritdoc />
    public override void Reset()
    {
        foreach (var e in _entries) NativeMemory.Free((void*)e.Value);
        _entries.Clear();
    }

    /// <summary>Whether the first <paramref name="bits"/> bits of the two values (in memory order) agree.</summary>
    private static bool Matches(TData a, TData b, uint bits)
    {
        var x = new ReadOnlySpan<byte>(&a, sizeof(TData));
        var y = new ReadOnlySpan<byte>(&b, sizeof(TData));
        int full = (int)(bits / 8);
        if (!x[..full].SequenceEqual(y[..full])) return false;
        int rest = (int)(bits % 8);
        if (rest == 0) return true;
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (x[full] & mask) == (y[full] & mask);
    }
}
