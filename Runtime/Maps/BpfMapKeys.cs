using System.Collections;
using System.Collections.Generic;

namespace CodeFirstBpf.Runtime;

/// <summary>The keys of a map, walked with <c>bpf_map_get_next_key</c> as the enumeration goes.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
public readonly struct BpfMapKeys<TKey> : IEnumerable<TKey>
    where TKey : unmanaged
{
    private readonly BpfMapHandle handle;

    internal BpfMapKeys(BpfMapHandle handle) => this.handle = handle;

    /// <summary>Starts a walk over the keys.</summary>
    public Enumerator GetEnumerator() => new(handle);

    IEnumerator<TKey> IEnumerable<TKey>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>An allocation-free walk over the keys.</summary>
    public struct Enumerator : IEnumerator<TKey>
    {
        private readonly BpfMapHandle handle;
        private KeyWalk<TKey> walk;

        internal Enumerator(BpfMapHandle handle)
        {
            this.handle = handle;
            walk = default;
        }

        /// <inheritdoc />
        public readonly TKey Current => walk.Key;

        readonly object IEnumerator.Current => walk.Key;

        /// <inheritdoc />
        public bool MoveNext() => walk.MoveNext(handle);

        /// <inheritdoc />
        public void Reset() => walk = default;

        /// <inheritdoc />
        public readonly void Dispose() { }
    }
}

/// <summary>The state of a key walk: the last key and whether there was one.</summary>
internal unsafe struct KeyWalk<TKey> where TKey : unmanaged
{
    private TKey key;
    private bool started;

    internal readonly TKey Key => key;

    internal bool MoveNext(BpfMapHandle handle)
    {
        TKey previous = key;
        TKey next;
        int error = handle.NextKey(started ? &previous : null, &next);
        if (!handle.NextKeyResult(error))
            return false;
        key = next;
        started = true;
        return true;
    }
}
