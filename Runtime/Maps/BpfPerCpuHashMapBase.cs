using System;
using System.Collections;
using System.Collections.Generic;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// What <see cref="PerCpuHashMap{TKey, TValue}"/> and <see cref="LruPerCpuHashMap{TKey, TValue}"/>
/// share: a hash map whose entries hold one value per possible CPU. Span-based reads and writes
/// do not allocate; <see cref="Sum"/> adds up an entry's values.
/// </summary>
/// <typeparam name="TKey">The key type, the same size as the BPF side's key.</typeparam>
/// <typeparam name="TValue">The value type, the same size as the BPF side's value.</typeparam>
public abstract unsafe class BpfPerCpuHashMapBase<TKey, TValue> : BpfTypedMap, IEnumerable<KeyValuePair<TKey, TValue[]>>
    where TKey : unmanaged
    where TValue : unmanaged
{
    private protected BpfPerCpuHashMapBase(BpfMapHandle handle, string className, BpfMapType mapType)
        : base(handle, className, SizeOf<TKey>(), typeof(TKey).Name, SizeOf<TValue>(), typeof(TValue).Name, mapType) { }

    /// <summary>The number of values per entry: the machine's possible CPUs.</summary>
    public int CpuCount => PerCpu.PossibleCpus;

    /// <summary>The keys, read from the kernel as the enumeration goes.</summary>
    public BpfMapKeys<TKey> Keys => new(Handle);

    /// <summary>Every CPU's value for <paramref name="key"/>, indexed by CPU number.</summary>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    public TValue[] GetPerCpu(in TKey key)
    {
        var values = new TValue[CpuCount];
        return TryGetPerCpu(key, values) ? values : throw new KeyNotFoundException($"Map '{Name}' has no entry for key {key}.");
    }

    /// <summary>Copies every CPU's value for <paramref name="key"/> into <paramref name="destination"/>.</summary>
    /// <returns>False when the key is absent.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="CpuCount"/>.</exception>
    public bool TryGetPerCpu(in TKey key, Span<TValue> destination)
    {
        if (destination.Length < CpuCount)
            throw new ArgumentException($"Map '{Name}' holds a value for each of the {CpuCount} possible CPUs, but the destination has room for {destination.Length}.", nameof(destination));
        using var scratch = new PerCpuScratch(stackalloc byte[PerCpu.StackLimit], PerCpu.BufferSize<TValue>());
        if (!TryReadRaw(key, scratch.Bytes))
            return false;
        PerCpu.Unpack(scratch.Bytes, destination[..CpuCount]);
        return true;
    }

    /// <summary>The sum of every CPU's value for <paramref name="key"/>.</summary>
    /// <remarks>An instance member so that LINQ's <c>Sum</c> cannot take the call (see <see cref="PerCpuArrayMap{TValue}.Sum"/>).</remarks>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="TValue"/> is not a built-in number type.</exception>
    public TValue Sum(in TKey key)
        => TrySum(key, out TValue sum) ? sum : throw new KeyNotFoundException($"Map '{Name}' has no entry for key {key}.");

    /// <summary>The sum of every CPU's value for <paramref name="key"/>, if the key is present; allocation-free.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="TValue"/> is not a built-in number type.</exception>
    public bool TrySum(in TKey key, out TValue sum)
    {
        using var scratch = new PerCpuScratch(stackalloc byte[PerCpu.StackLimit], PerCpu.BufferSize<TValue>());
        bool found = TryReadRaw(key, scratch.Bytes);
        sum = found ? PerCpu.SumNumbers<TValue>(scratch.Bytes, Name) : default;
        return found;
    }

    /// <summary>Whether the map has an entry for <paramref name="key"/>.</summary>
    public bool ContainsKey(in TKey key)
    {
        using var scratch = new PerCpuScratch(stackalloc byte[PerCpu.StackLimit], PerCpu.BufferSize<TValue>());
        return TryReadRaw(key, scratch.Bytes);
    }

    /// <summary>Creates or replaces an entry with <paramref name="value"/> on every CPU, as <paramref name="flags"/> allow.</summary>
    /// <returns>False when <paramref name="flags"/> forbade it.</returns>
    /// <exception cref="BpfException">The map is full or the kernel refused.</exception>
    public bool Update(in TKey key, in TValue value, MapUpdate flags = MapUpdate.Any)
    {
        using var scratch = new PerCpuScratch(stackalloc byte[PerCpu.StackLimit], PerCpu.BufferSize<TValue>());
        PerCpu.Fill(value, scratch.Bytes);
        return WriteRaw(key, scratch.Bytes, flags);
    }

    /// <summary>Creates or replaces an entry with one value per CPU; <paramref name="perCpuValues"/>[n] goes to CPU n.</summary>
    /// <returns>False when <paramref name="flags"/> forbade it.</returns>
    /// <exception cref="ArgumentException">The span does not hold exactly <see cref="CpuCount"/> values.</exception>
    public bool Update(in TKey key, ReadOnlySpan<TValue> perCpuValues, MapUpdate flags = MapUpdate.Any)
    {
        if (perCpuValues.Length != CpuCount)
            throw new ArgumentException($"Map '{Name}' needs one value for each of the {CpuCount} possible CPUs, but {perCpuValues.Length} were given.", nameof(perCpuValues));
        using var scratch = new PerCpuScratch(stackalloc byte[PerCpu.StackLimit], PerCpu.BufferSize<TValue>());
        PerCpu.Pack(perCpuValues, scratch.Bytes);
        return WriteRaw(key, scratch.Bytes, flags);
    }

    /// <summary>Deletes the entry of <paramref name="key"/>.</summary>
    /// <returns>False when the key was absent.</returns>
    public bool Remove(in TKey key) => KeyedMapOperations.Remove(Handle, key);

    /// <summary>Deletes every entry, one by one.</summary>
    public void Clear() => KeyedMapOperations.Clear<TKey>(Handle);

    /// <summary>Counts the entries by walking the keys.</summary>
    public int Count() => KeyedMapOperations.Count<TKey>(Handle);

    /// <summary>
    /// Enumerates the entries with every CPU's values (a new array per entry), reading each
    /// from the kernel as it is reached. Use <see cref="Keys"/> with
    /// <see cref="TryGetPerCpu"/> to walk without allocating.
    /// </summary>
    public IEnumerator<KeyValuePair<TKey, TValue[]>> GetEnumerator()
    {
        foreach (TKey key in Keys)
        {
            var values = new TValue[CpuCount];
            if (TryGetPerCpu(key, values))
                yield return new KeyValuePair<TKey, TValue[]>(key, values);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private bool TryReadRaw(in TKey key, Span<byte> raw)
    {
        TKey k = key;
        fixed (byte* buffer = raw)
            return Handle.LookupResult(Handle.Lookup(&k, buffer));
    }

    private bool WriteRaw(in TKey key, Span<byte> raw, MapUpdate flags)
    {
        TKey k = key;
        fixed (byte* buffer = raw)
            return Handle.UpdateResult(Handle.Update(&k, buffer, flags), flags);
    }
}
