using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime;

/// <summary>What every map view shares: typed access built on raw entries, and field-wise text.</summary>
internal abstract class MapViewBase<TKey, TValue> : IMapView<TKey, TValue>
    where TKey : unmanaged
    where TValue : unmanaged
{
    protected MapViewBase(string name) => Name = name;

    public string Name { get; }

    public abstract bool TryGetValue(in TKey key, out TValue value);

    public abstract void Set(in TKey key, in TValue value);

    public abstract bool Remove(in TKey key);

    public abstract void Clear();

    public abstract IReadOnlyList<(byte[] Key, byte[] Value)> RawEntries();

    public virtual int Count => RawEntries().Count;

    public TValue this[in TKey key]
    {
        get => TryGetValue(key, out TValue v) ? v : throw new KeyNotFoundException($"Map '{Name}' has no key {StructText<TKey>.Format(Bytes(key))}.");
        set => Set(key, value);
    }

    public IEnumerable<KeyValuePair<TKey, TValue>> Entries
        => RawEntries().Select(e => new KeyValuePair<TKey, TValue>(MemoryMarshal.Read<TKey>(e.Key), MemoryMarshal.Read<TValue>(e.Value)));

    public string FormatKey(byte[] key) => StructText<TKey>.Format(key);

    public string FormatValue(byte[] value) => StructText<TValue>.Format(value);

    public IReadOnlyList<string> DifferingFields(byte[] a, byte[] b) => StructText<TValue>.Differing(a, b);

    public void MaskField(byte[] value, string field) => StructText<TValue>.Mask(value, field);

    protected static byte[] Bytes<T>(in T value) where T : unmanaged => MemoryMarshal.AsBytes(new System.ReadOnlySpan<T>(in value)).ToArray();
}
