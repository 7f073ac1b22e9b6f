using System.Collections.Generic;
using CodeFirstBpf.Runtime;

namespace PodDataplane.Control;

/// <summary>
/// Brings a kernel map to a desired content in place: entries that differ are written, entries no
/// longer wanted are removed, the rest is left alone (so a reload that changes nothing writes nothing).
/// Upsert and removal are separate steps so callers can order them across maps.
/// </summary>
public static class MapSync
{
    /// <summary>Writes every desired entry that is missing or different; returns how many were written.</summary>
    public static int Upsert<TKey, TValue>(BpfHashMapBase<TKey, TValue> map, IReadOnlyDictionary<TKey, TValue> desired)
        where TKey : unmanaged where TValue : unmanaged
    {
        int written = 0;
        foreach (var (key, value) in desired)
        {
            if (map.TryGetValue(key, out var current) && EqualityComparer<TValue>.Default.Equals(current, value)) continue;
            map.Update(key, value);
            written++;
        }
        return written;
    }

    /// <summary>Removes every entry whose key is not desired; returns how many were removed.</summary>
    public static int RemoveStale<TKey, TValue>(BpfHashMapBase<TKey, TValue> map, IReadOnlyDictionary<TKey, TValue> desired)
        where TKey : unmanaged where TValue : unmanaged
    {
        var stale = new List<TKey>();
        foreach (var key in map.Keys)
            if (!desired.ContainsKey(key)) stale.Add(key);
        foreach (var key in stale) map.Remove(key);
        return stale.Count;
    }

    /// <summary>Brings an IPv4 LPM trie to <paramref name="desired"/> (prefix length, network-order address); returns how many entries changed.</summary>
    public static int Sync<TValue>(LpmTrieMap<uint, TValue> map, IReadOnlyDictionary<(uint PrefixLength, uint Address), TValue> desired)
        where TValue : unmanaged
    {
        var present = new Dictionary<(uint, uint), TValue>();
        foreach (var entry in map) present[(entry.PrefixLength, entry.Data)] = entry.Value;
        int changed = 0;
        foreach (var (prefix, value) in desired)
        {
            if (present.TryGetValue(prefix, out var current) && EqualityComparer<TValue>.Default.Equals(current, value)) continue;
            map.Update(prefix.PrefixLength, prefix.Address, value);
            changed++;
        }
        foreach (var prefix in present.Keys)
        {
            if (desired.ContainsKey(prefix)) continue;
            map.Remove(prefix.Item1, prefix.Item2);
            changed++;
        }
        return changed;
    }
}
