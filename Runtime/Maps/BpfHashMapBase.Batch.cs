using System;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

// Batched operations (kernel 5.6): one system call moves many entries.
public abstract unsafe partial class BpfHashMapBase<TKey, TValue>
{
    /// <summary>
    /// Reads the next entries of a batched walk into <paramref name="keys"/> and
    /// <paramref name="values"/>, continuing from <paramref name="cursor"/>.
    /// </summary>
    /// <returns>How many entries were read; the walk is over when the cursor <see cref="BpfMapBatchCursor.IsComplete"/>.</returns>
    /// <exception cref="BpfException">The spans are too small for one hash bucket, or the kernel lacks batch operations.</exception>
    public int LookupBatch(ref BpfMapBatchCursor cursor, Span<TKey> keys, Span<TValue> values) =>
        ReadBatch(ref cursor, keys, values, delete: false);

    /// <summary>Like <see cref="LookupBatch"/>, but deletes what it reads: drains the map batch by batch.</summary>
    /// <returns>How many entries were read and deleted.</returns>
    public int LookupAndDeleteBatch(ref BpfMapBatchCursor cursor, Span<TKey> keys, Span<TValue> values) =>
        ReadBatch(ref cursor, keys, values, delete: true);

    /// <summary>
    /// Creates or replaces many entries in one call; <paramref name="keys"/>[i] gets <paramref name="values"/>[i].
    /// The kernel has no <see cref="MapUpdate.NoExist"/>/<see cref="MapUpdate.Exist"/> for batches.
    /// </summary>
    /// <returns>How many entries were written (all of them unless the kernel stopped with an error).</returns>
    /// <exception cref="BpfException">The map is full or the kernel refused; nothing after the failing entry was written.</exception>
    public int UpdateBatch(ReadOnlySpan<TKey> keys, ReadOnlySpan<TValue> values)
    {
        if (keys.Length != values.Length)
            throw new ArgumentException($"A batch update needs one value per key, but {keys.Length} keys and {values.Length} values were given.", nameof(values));
        if (keys.IsEmpty)
            return 0;
        uint count = (uint)keys.Length;
        BpfMapBatchOpts opts = Options();
        fixed (TKey* k = keys)
        fixed (TValue* v = values)
        {
            using Lease lease = Handle.Lease();
            int error = LibBpf.bpf_map_update_batch(lease.Fd, k, v, &count, &opts);
            if (error < 0)
                Handle.UpdateResult(error, MapUpdate.Any);
        }
        return (int)count;
    }

    /// <summary>Deletes many keys in one call, stopping at the first key that is absent.</summary>
    /// <returns>How many keys were deleted.</returns>
    public int DeleteBatch(ReadOnlySpan<TKey> keys)
    {
        if (keys.IsEmpty)
            return 0;
        uint count = (uint)keys.Length;
        BpfMapBatchOpts opts = Options();
        fixed (TKey* k = keys)
        {
            using Lease lease = Handle.Lease();
            int error = LibBpf.bpf_map_delete_batch(lease.Fd, k, &count, &opts);
            if (error < 0 && error != -Errno.ENOENT)
                throw BpfErrors.FromErrno(error, $"Deleting a batch of keys from map '{Name}'");
        }
        return (int)count;
    }

    private int ReadBatch(ref BpfMapBatchCursor cursor, Span<TKey> keys, Span<TValue> values, bool delete)
    {
        if (keys.Length != values.Length || keys.IsEmpty)
            throw new ArgumentException($"A batch lookup needs key and value spans of the same, non-zero length, but got {keys.Length} and {values.Length}.", nameof(values));
        if (cursor.IsComplete)
            return 0;
        uint count = (uint)keys.Length;
        BpfMapBatchOpts opts = Options();
        ulong inToken = cursor.Token;
        ulong outToken = 0;
        int error;
        fixed (TKey* k = keys)
        fixed (TValue* v = values)
        {
            using Lease lease = Handle.Lease();
            error = delete
                ? LibBpf.bpf_map_lookup_and_delete_batch(lease.Fd, cursor.Started ? &inToken : null, &outToken, k, v, &count, &opts)
                : LibBpf.bpf_map_lookup_batch(lease.Fd, cursor.Started ? &inToken : null, &outToken, k, v, &count, &opts);
        }
        if (error == -Errno.ENOENT)
        {
            cursor.IsComplete = true;
            return (int)count;
        }
        if (error == -Errno.ENOSPC)
            throw new BpfException($"A hash bucket of map '{Name}' holds more than the {keys.Length} entries the batch has room for: pass larger spans.", Errno.ENOSPC);
        if (error < 0)
            throw BpfErrors.FromErrno(error, $"Reading a batch of entries from map '{Name}'");
        cursor.Token = outToken;
        cursor.Started = true;
        return (int)count;
    }

    private static BpfMapBatchOpts Options() => new() { Size = (nuint)sizeof(BpfMapBatchOpts) };
}
