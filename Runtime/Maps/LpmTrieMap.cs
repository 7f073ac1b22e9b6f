using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// <c>BPF_MAP_TYPE_LPM_TRIE</c> (kernel 4.11): values stored under prefixes (a prefix length and
/// <typeparamref name="TData"/> in network byte order), looked up by longest prefix match.
/// The key is <c>struct { __u32 prefixlen; TData data; }</c>. Single-entry operations do not allocate.
/// </summary>
/// <typeparam name="TData">The address type, e.g. <see cref="uint"/> for IPv4 or a 16-byte struct for IPv6, in network order.</typeparam>
/// <typeparam name="TValue">The value type, the same size as the BPF side's value.</typeparam>
public sealed unsafe class LpmTrieMap<TData, TValue> : BpfTypedMap, IEnumerable<LpmEntry<TData, TValue>>, IBpfInnerMap<LpmTrieMap<TData, TValue>>
    where TData : unmanaged
    where TValue : unmanaged
{
    private static readonly uint s_maxPrefixLength = (uint)sizeof(TData) * 8;

    /// <summary>Opens the LPM trie <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, another map type, or another key or value size.</exception>
    public LpmTrieMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type, or another key or value size.</exception>
    public LpmTrieMap(BpfMapHandle handle)
        : base(handle, "LpmTrieMap<TData, TValue>", sizeof(Key), $"a {typeof(TData).Name} prefix key", SizeOf<TValue>(), typeof(TValue).Name, BpfMapType.LpmTrie) { }

    /// <inheritdoc />
    static LpmTrieMap<TData, TValue> IBpfInnerMap<LpmTrieMap<TData, TValue>>.Open(BpfMapHandle handle) => new(handle);

    /// <summary>Stores <paramref name="value"/> under the prefix <paramref name="data"/>/<paramref name="prefixLength"/>.</summary>
    /// <returns>False when <paramref name="flags"/> forbade it.</returns>
    /// <exception cref="BpfException">The trie is full or the kernel refused.</exception>
    public bool Update(uint prefixLength, in TData data, in TValue value, MapUpdate flags = MapUpdate.Any)
    {
        Key key = MakeKey(prefixLength, data);
        TValue v = value;
        return Handle.UpdateResult(Handle.Update(&key, &v, flags), flags);
    }

    /// <summary>Finds the value of the longest stored prefix that contains <paramref name="address"/>.</summary>
    /// <returns>False when no stored prefix contains it.</returns>
    public bool TryMatch(in TData address, out TValue value)
    {
        Key key = MakeKey(s_maxPrefixLength, address);
        TValue result;
        int error = Handle.Lookup(&key, &result);
        value = result;
        return Handle.LookupResult(error);
    }

    /// <summary>Removes the prefix <paramref name="data"/>/<paramref name="prefixLength"/> (exactly that one).</summary>
    /// <returns>False when it was not stored.</returns>
    public bool Remove(uint prefixLength, in TData data)
    {
        Key key = MakeKey(prefixLength, data);
        return Handle.DeleteResult(Handle.Delete(&key));
    }

    /// <summary>Every stored prefix and its value, read from the kernel as the enumeration goes (kernel 4.16).</summary>
    public IEnumerator<LpmEntry<TData, TValue>> GetEnumerator()
    {
        var walk = default(KeyWalk<Key>);
        while (walk.MoveNext(Handle))
        {
            Key key = walk.Key;
            if (TryLookupExact(key, out TValue value))
                yield return new LpmEntry<TData, TValue>(key.PrefixLength, key.Data, value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private bool TryLookupExact(Key key, out TValue value)
    {
        // A lookup matches the longest prefix, which for a stored key is the key itself.
        TValue result;
        int error = Handle.Lookup(&key, &result);
        value = result;
        return Handle.LookupResult(error);
    }

    private static Key MakeKey(uint prefixLength, in TData data)
    {
        if (prefixLength > s_maxPrefixLength)
            throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, $"A {typeof(TData).Name} prefix has at most {s_maxPrefixLength} bits.");
        return new Key { PrefixLength = prefixLength, Data = data };
    }

    /// <summary><c>struct bpf_lpm_trie_key</c> with typed data, laid out as C lays it out.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Key
    {
        public uint PrefixLength;
        public TData Data;
    }
}

/// <summary>A stored prefix of an <see cref="LpmTrieMap{TData, TValue}"/> and its value.</summary>
/// <param name="PrefixLength">The prefix length in bits.</param>
/// <param name="Data">The prefix, in network byte order.</param>
/// <param name="Value">The value stored under it.</param>
public readonly record struct LpmEntry<TData, TValue>(uint PrefixLength, TData Data, TValue Value)
    where TData : unmanaged
    where TValue : unmanaged;
