using System.Collections;
using System.Collections.Generic;

namespace CodeFirstBpf.Runtime;

/// <summary>The keys of a map, walked with <c>bpf_map_get_next_key</c> as the enumeration goes.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
public readonly struct BpfMapKeys<TKey> : IEnumerable<TKey>
    where TKey : unmanaged
{
    private readonly BpfMapHandle _handle;

    internal BpfMapKeys(BpfMapHandle handle) => _handle = handle;

    /// <summary>Starts a walk over the keys.</summary>
    public Enumerator GetEnumerator() => new(_handle);

    IEnumerator<TKey> IEnumerable<TKey>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>An allocation-free walk over the keys.</summary>
    public struct Enumerator : IEnumerator<TKey>
    {
        private readonly BpfMapHandle _handle;
        private KeyWalk<TKey> _walk;

        internal Enumerator(BpfMapHandle handle)
        {
            _handle = handle;
            _walk = default;
        }

        /// <inheritdoc />
        public readonly TKey Current => _walk.Key;

        readonly object IEnumerator.Current => _walk.Key;

        /// <inheritdoc />
        public bool MoveNext() => _walk.MoveNext(_handle);

        /// <inheritdoc />
        public void Reset() => _walk = default;

        /// <inheritdoc />
        public readonly void Dispose() { }
    }
}

/// <summary>The state of a key walk: the last key and whether there was one.</summary>
internal unsafe struct KeyWalk<TKey> where TKey : unmanaged
{
    private TKey _key;
    private bool _started;

    internal readonly TKey Key => _key;

    internal bool MoveNext(BpfMapHandle handle)
    {
        TKey previous = _key;
        TKey next;
        int error = handle.NextKey(_started ? &previous : null, &next);
        if (!handle.NextKeyResult(error))
            return false;
        _key = next;
        _started = true;
        return true;
    }
}
