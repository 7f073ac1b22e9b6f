using System.Collections.Generic;
using System.Numerics;

namespace CodeFirstBpf.Runtime;

/// <summary>Sums of per-CPU values, computed without allocating.</summary>
public static class PerCpuExtensions
{
    /// <summary>The sum of every CPU's value at <paramref name="index"/>, e.g. a packet counter's total.</summary>
    public static T Sum<T>(this PerCpuArrayMap<T> map, uint index)
        where T : unmanaged, INumber<T>
    {
        System.ArgumentNullException.ThrowIfNull(map);
        using var scratch = new PerCpuScratch(stackalloc byte[PerCpu.StackLimit], PerCpu.BufferSize<T>());
        map.ReadRaw(index, scratch.Bytes);
        return PerCpu.Sum<T>(scratch.Bytes);
    }

    /// <summary>The sum of every CPU's value for <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    public static T Sum<TKey, T>(this BpfPerCpuHashMapBase<TKey, T> map, in TKey key)
        where TKey : unmanaged
        where T : unmanaged, INumber<T>
    {
        return map.TrySum(key, out T sum) ? sum : throw new KeyNotFoundException($"Map '{map.Name}' has no entry for key {key}.");
    }

    /// <summary>The sum of every CPU's value for <paramref name="key"/>, if the key is present.</summary>
    public static bool TrySum<TKey, T>(this BpfPerCpuHashMapBase<TKey, T> map, in TKey key, out T sum)
        where TKey : unmanaged
        where T : unmanaged, INumber<T>
    {
        System.ArgumentNullException.ThrowIfNull(map);
        using var scratch = new PerCpuScratch(stackalloc byte[PerCpu.StackLimit], PerCpu.BufferSize<T>());
        bool found = map.TryReadRaw(key, scratch.Bytes);
        sum = found ? PerCpu.Sum<T>(scratch.Bytes) : T.Zero;
        return found;
    }
}
