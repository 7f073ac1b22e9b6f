using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Dp = CodeFirstBpf;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// An in-memory map (the Dataplane map a program uses when it runs as .NET) as an
/// <see cref="IMapView{TKey, TValue}"/>, the same view the kernel side has (<see cref="KernelMapView"/>).
/// </summary>
public static class MemoryMapView
{
    /// <summary>A hash-family map (hash, LRU, per-CPU hash).</summary>
    public static IMapView<TKey, TValue> Of<TKey, TValue>(string name, Dp.HashTable<TKey, TValue> map)
        where TKey : unmanaged where TValue : unmanaged
        => new View<TKey, TValue>(name, map,
            (in TKey k, out TValue v) => map.TryGetValue(k, out v), (in TKey k, in TValue v) => map.Update(k, v), (in TKey k) => map.Delete(k) == 0);

    /// <summary>An array (or per-CPU array): keys are indices.</summary>
    public static IMapView<uint, TValue> Of<TValue>(string name, Dp.ArrayTable<TValue> map) where TValue : unmanaged
        => new View<uint, TValue>(name, map,
            (in uint k, out TValue v) => map.TryGetValue(k, out v), (in uint k, in TValue v) => map.Update(k, v),
            (in uint k) =>
            {
                bool nonZero = map.TryGetValue(k, out TValue old) && MemoryMarshal.AsBytes(new ReadOnlySpan<TValue>(in old)).IndexOfAnyExcept((byte)0) >= 0;
                map.Update(k, default);
                return nonZero;
            });

    /// <summary>An LPM trie: keys are prefix lengths and data; a read is a longest-prefix match, as the kernel's lookup is.</summary>
    public static IMapView<Dp.LpmKey<TData>, TValue> Of<TData, TValue>(string name, Dp.LpmTrieMap<TData, TValue> map)
        where TData : unmanaged where TValue : unmanaged
        => new View<Dp.LpmKey<TData>, TValue>(name, map,
            (in Dp.LpmKey<TData> k, out TValue v) => map.TryGetValue(k, out v), (in Dp.LpmKey<TData> k, in TValue v) => map.Update(k, v),
            (in Dp.LpmKey<TData> k) => map.Delete(k) == 0);

    /// <summary>A ring buffer's events.</summary>
    public static IEventView<TEvent> Events<TEvent>(string name, Dp.RingBufferMap<TEvent> ring) where TEvent : unmanaged
        => new EventView<TEvent>(name, ring.TryRead);

    private delegate bool Getter<TKey, TValue>(in TKey key, out TValue value);
    private delegate void Setter<TKey, TValue>(in TKey key, in TValue value);
    private delegate bool Remover<TKey>(in TKey key);

    private sealed class View<TKey, TValue>(string name, Dp.BpfMap map, Getter<TKey, TValue> get, Setter<TKey, TValue> set, Remover<TKey> remove)
        : MapViewBase<TKey, TValue>(name)
        where TKey : unmanaged where TValue : unmanaged
    {
        public override bool TryGetValue(in TKey key, out TValue value) => get(key, out value);

        public override void Set(in TKey key, in TValue value) => set(key, value);

        public override bool Remove(in TKey key) => remove(key);

        public override void Clear() => map.Reset();

        public override IReadOnlyList<(byte[] Key, byte[] Value)> RawEntries() => map.RawEntries().ToList();
    }
}
