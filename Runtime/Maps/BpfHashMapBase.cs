using System;
using System.Collections;
using System.Collections.Generic;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// What <see cref="HashMap{TKey, TValue}"/> and <see cref="LruHashMap{TKey, TValue}"/> share:
/// dictionary-like access to a kernel hash map. Single-entry operations do not allocate.
/// </summary>
/// <typeparam name="TKey">The key type, the same size as the BPF side's key.</typeparam>
/// <typeparam name="TValue">The value type, the same size as the BPF side's value.</typeparam>
public abstract unsafe partial class BpfHashMapBase<TKey, TValue> : BpfTypedMap, IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : unmanaged
    where TValue : unmanaged
{
    private protected BpfHashMapBase(BpfMapHandle handle, string className, BpfMapType mapType)
        : base(handle, className, SizeOf<TKey>(), typeof(TKey).Name, SizeOf<TValue>(), typeof(TValue).Name, mapType) { }

    /// <summary>The value of <paramref name="key"/>; setting it creates or replaces the entry.</summary>
    /// <exception cref="KeyNotFoundException">Getting a key that is absent.</exception>
    /// <exception cref="BpfException">Setting a key in a full map.</exception>
    public TValue this[in TKey key]
    {
        get => TryGetValue(key, out TValue value)
            ? value
            : throw new KeyNotFoundException($"Map '{Name}' has no entry for key {key}.");
        set => Update(key, value);
    }

    /// <summary>The keys, read from the kernel as the enumeration goes.</summary>
    public BpfMapKeys<TKey> Keys => new(Handle);

    /// <summary>Reads the value of <paramref name="key"/>.</summary>
    /// <returns>False when the key is absent.</returns>
    public bool TryGetValue(in TKey key, out TValue value)
    {
        TKey k = key;
        TValue result;
        int error = Handle.Lookup(&k, &result);
        value = result;
        return Handle.LookupResult(error);
    }

    /// <summary>Whether the map has an entry for <paramref name="key"/>.</summary>
    public bool ContainsKey(in TKey key) => TryGetValue(key, out _);

    /// <summary>Creates or replaces an entry, as <paramref name="flags"/> allow.</summary>
    /// <returns>False when <paramref name="flags"/> forbade it: <see cref="MapUpdate.NoExist"/> and the key exists, or <see cref="MapUpdate.Exist"/> and it does not.</returns>
    /// <exception cref="BpfException">The map is full or the kernel refused.</exception>
    public bool Update(in TKey key, in TValue value, MapUpdate flags = MapUpdate.Any)
    {
        TKey k = key;
        TValue v = value;
        return Handle.UpdateResult(Handle.Update(&k, &v, flags), flags);
    }

    /// <summary>Adds an entry that must not exist yet.</summary>
    /// <returns>False when the key exists.</returns>
    public bool TryAdd(in TKey key, in TValue value) => Update(key, value, MapUpdate.NoExist);

    /// <summary>Deletes the entry of <paramref name="key"/>.</summary>
    /// <returns>False when the key was absent.</returns>
    public bool Remove(in TKey key) => KeyedMapOperations.Remove(Handle, key);

    /// <summary>Deletes the entry of <paramref name="key"/> and returns its value atomically (kernel 5.14).</summary>
    /// <returns>False when the key was absent.</returns>
    public bool Remove(in TKey key, out TValue value)
    {
        TKey k = key;
        TValue result;
        int error = Handle.LookupAndDelete(&k, &result);
        value = result;
        return Handle.DeleteResult(error);
    }

    /// <summary>Deletes every entry, one by one.</summary>
    public void Clear() => KeyedMapOperations.Clear<TKey>(Handle);

    /// <summary>Counts the entries by walking the keys.</summary>
    public int Count() => KeyedMapOperations.Count<TKey>(Handle);

    /// <summary>
    /// Enumerates the entries, reading each from the kernel as it is reached (no snapshot).
    /// Entries deleted meanwhile are skipped; a concurrent change may restart the kernel's walk.
    /// </summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Walks the map with <c>bpf_map_get_next_key</c> and looks each key up; allocation-free.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<TKey, TValue>>
    {
        private readonly BpfHashMapBase<TKey, TValue> _map;
        private KeyWalk<TKey> _walk;
        private KeyValuePair<TKey, TValue> _current;

        internal Enumerator(BpfHashMapBase<TKey, TValue> map)
        {
            _map = map;
            _walk = default;
            _current = default;
        }

        /// <inheritdoc />
        public readonly KeyValuePair<TKey, TValue> Current => _current;

        readonly object IEnumerator.Current => _current;

        /// <inheritdoc />
        public bool MoveNext()
        {
            while (_walk.MoveNext(_map.Handle))
            {
                if (_map.TryGetValue(_walk.Key, out TValue value))
                {
                    _current = new KeyValuePair<TKey, TValue>(_walk.Key, value);
                    return true;
                }
            }
            return false;
        }

        /// <inheritdoc />
        public void Reset() => _walk = default;

        /// <inheritdoc />
        public readonly void Dispose() { }
    }
}
