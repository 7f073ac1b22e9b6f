using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace CodeFirstBpf;

/// <summary>
/// The base of the maps whose values are maps (<c>BPF_MAP_TYPE_ARRAY_OF_MAPS</c>,
/// <c>BPF_MAP_TYPE_HASH_OF_MAPS</c>). The template fixes the kind, key, value, size and flags of
/// every inner map (the kernel checks each one userspace puts in against it); userspace creates
/// the inner maps and sets them by key, BPF code looks them up and uses them as maps.
/// </summary>
/// <typeparam name="TInner">The inner map type: any map kind but a program array or another map of maps.</typeparam>
public abstract class MapOfMaps<TInner> : BpfMap where TInner : BpfMap
{
    /// <summary>Creates the declaration.</summary>
    private protected MapOfMaps(uint maxEntries, TInner innerTemplate, MapFlags flags) : base(maxEntries, flags)
    {
        ArgumentNullException.ThrowIfNull(innerTemplate);
        InnerTemplate = innerTemplate;
    }

    /// <summary>The inner map declaration every inner map must match (kind, key, value, <c>max_entries</c>, flags).</summary>
    public TInner InnerTemplate { get; }

    /// <summary>Whether <paramref name="inner"/> may be put in this map: the kernel's check, on the declarations.</summary>
    private protected void CheckInner(TInner inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (inner.MaxEntries != InnerTemplate.MaxEntries || inner.Flags != InnerTemplate.Flags)
            throw new ArgumentException(
                $"The inner map has {inner.MaxEntries} entries and flags {inner.Flags}, but the template has {InnerTemplate.MaxEntries} and {InnerTemplate.Flags}: the kernel takes only inner maps that match the template.",
                nameof(inner));
    }
}

/// <summary>
/// <c>BPF_MAP_TYPE_ARRAY_OF_MAPS</c> (kernel 4.12): <see cref="BpfMap.MaxEntries"/> slots indexed
/// from 0, each empty or holding a map shaped like the template.
/// </summary>
/// <example><c>static readonly ArrayOfMaps&lt;HashMap&lt;uint, ulong&gt;&gt; Tenants = new(maxEntries: 16, innerTemplate: new HashMap&lt;uint, ulong&gt;(1024));</c></example>
[BpfMapKind(12, IndexKey = true, Flags = MapFlags.NumaNode | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser)]
public sealed class ArrayOfMaps<TInner> : MapOfMaps<TInner> where TInner : BpfMap
{
    private readonly ConcurrentDictionary<uint, TInner> _slots = new();

    /// <summary>Declares the map: <paramref name="maxEntries"/> slots of maps like <paramref name="innerTemplate"/>.</summary>
    public ArrayOfMaps(uint maxEntries, TInner innerTemplate, MapFlags flags = MapFlags.None) : base(maxEntries, innerTemplate, flags) { }

    /// <summary>The map in slot <paramref name="index"/>, or null when the slot is empty or out of range.</summary>
    [BpfHelper(1)]
    public TInner? Lookup(uint index) => _slots.TryGetValue(index, out var inner) ? inner : null;

    /// <summary>When running as .NET: puts <paramref name="inner"/> in slot <paramref name="index"/> (userspace does this for a loaded map).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="BpfMap.MaxEntries"/>.</exception>
    /// <exception cref="ArgumentException">The inner map does not match the template.</exception>
    public void Set(uint index, TInner inner)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxEntries);
        CheckInner(inner);
        _slots[index] = inner;
    }

    /// <summary>When running as .NET: empties slot <paramref name="index"/>.</summary>
    public bool Remove(uint index) => _slots.TryRemove(index, out _);

    /// <inheritdoc />
    public override void Reset() => _slots.Clear();
}

/// <summary>
/// <c>BPF_MAP_TYPE_HASH_OF_MAPS</c> (kernel 4.12): up to <see cref="BpfMap.MaxEntries"/> keys,
/// each holding a map shaped like the template.
/// </summary>
[BpfMapKind(13, Flags = MapFlags.NoPrealloc | MapFlags.NumaNode | MapFlags.ZeroSeed | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser | MapFlags.ReadOnlyProgram | MapFlags.WriteOnlyProgram)]
public sealed class HashOfMaps<TKey, TInner> : MapOfMaps<TInner> where TKey : unmanaged where TInner : BpfMap
{
    // Keyed by raw bytes, padding included, as the kernel hashes and compares keys (see HashTable).
    private readonly Dictionary<byte[], TInner> _entries = new(RawKeyComparer.Instance);
    private readonly Dictionary<byte[], TInner>.AlternateLookup<ReadOnlySpan<byte>> _byBytes;

    /// <summary>Declares the map: up to <paramref name="maxEntries"/> keys, each with a map like <paramref name="innerTemplate"/>.</summary>
    public HashOfMaps(uint maxEntries, TInner innerTemplate, MapFlags flags = MapFlags.None) : base(maxEntries, innerTemplate, flags)
        => _byBytes = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();

    private static ReadOnlySpan<byte> Bytes(in TKey key) => MemoryMarshal.AsBytes(new ReadOnlySpan<TKey>(in key));

    /// <summary>The map of <paramref name="key"/>, or null when the key has none.</summary>
    [BpfHelper(1)]
    public TInner? Lookup(in TKey key) => _byBytes.TryGetValue(Bytes(in key), out var inner) ? inner : null;

    /// <summary>When running as .NET: sets the map of <paramref name="key"/> (userspace does this for a loaded map).</summary>
    /// <exception cref="InvalidOperationException">The map is full.</exception>
    /// <exception cref="ArgumentException">The inner map does not match the template.</exception>
    public void Set(in TKey key, TInner inner)
    {
        CheckInner(inner);
        if (!_byBytes.ContainsKey(Bytes(in key)) && _entries.Count >= MaxEntries)
            throw new InvalidOperationException($"The map holds {MaxEntries} keys already (E2BIG).");
        _byBytes[Bytes(in key)] = inner;
    }

    /// <summary>When running as .NET: removes the map of <paramref name="key"/>.</summary>
    public bool Remove(in TKey key) => _byBytes.Remove(Bytes(in key), out _, out _);

    /// <inheritdoc />
    public override void Reset() => _entries.Clear();
}
