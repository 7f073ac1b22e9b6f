namespace CodeFirstBpf.Runtime;

/// <summary>Whole-map operations every keyed (hash) map shares.</summary>
internal static unsafe class KeyedMapOperations
{
    internal static void Clear<TKey>(BpfMapHandle handle) where TKey : unmanaged
    {
        // Always delete the walk's first key: deleting the current key would restart the walk anyway.
        TKey key;
        while (handle.NextKeyResult(handle.NextKey(null, &key)))
            handle.DeleteResult(handle.Delete(&key));
    }

    internal static int Count<TKey>(BpfMapHandle handle) where TKey : unmanaged
    {
        int count = 0;
        foreach (TKey _ in new BpfMapKeys<TKey>(handle))
            count++;
        return count;
    }

    internal static bool Remove<TKey>(BpfMapHandle handle, in TKey key) where TKey : unmanaged
    {
        TKey k = key;
        return handle.DeleteResult(handle.Delete(&k));
    }
}
