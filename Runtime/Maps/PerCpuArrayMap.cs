using System;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// <c>BPF_MAP_TYPE_PERCPU_ARRAY</c> (kernel 4.6): an array with one value per possible CPU at
/// every index. Reads return every CPU's value; <see cref="Sum"/> adds them up.
/// Span-based reads and writes do not allocate.
/// </summary>
/// <typeparam name="TValue">The value type, the same size as the BPF side's value.</typeparam>
public sealed unsafe class PerCpuArrayMap<TValue> : BpfTypedMap, IBpfInnerMap<PerCpuArrayMap<TValue>>
    where TValue : unmanaged
{
    /// <summary>Opens the per-CPU array map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, another map type, or another value size.</exception>
    public PerCpuArrayMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type, or another key or value size.</exception>
    public PerCpuArrayMap(BpfMapHandle handle)
        : base(handle, "PerCpuArrayMap<TValue>", sizeof(uint), typeof(uint).Name, SizeOf<TValue>(), typeof(TValue).Name, BpfMapType.PerCpuArray) { }

    /// <inheritdoc />
    static PerCpuArrayMap<TValue> IBpfInnerMap<PerCpuArrayMap<TValue>>.Open(BpfMapHandle handle) => new(handle);

    /// <summary>The number of values per index: the machine's possible CPUs.</summary>
    public int CpuCount => PerCpu.PossibleCpus;

    /// <summary>Every CPU's value at <paramref name="index"/>, indexed by CPU number.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="BpfTypedMap.MaxEntries"/>.</exception>
    public TValue[] GetPerCpu(uint index)
    {
        var values = new TValue[CpuCount];
        GetPerCpu(index, values);
        return values;
    }

    /// <summary>Copies every CPU's value at <paramref name="index"/> into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="CpuCount"/>.</exception>
    public void GetPerCpu(uint index, Span<TValue> destination)
    {
        CheckDestination(destination.Length);
        using var scratch = new PerCpuScratch(stackalloc byte[PerCpu.StackLimit], PerCpu.BufferSize<TValue>());
        ReadRaw(index, scratch.Bytes);
        PerCpu.Unpack(scratch.Bytes, destination[..CpuCount]);
    }

    /// <summary>The sum of every CPU's value at <paramref name="index"/>, e.g. a packet counter's total; allocation-free.</summary>
    /// <remarks>
    /// An instance member, not an extension: with <c>System.Linq</c> in scope and this namespace
    /// not, an extension would lose to LINQ's <c>Sum</c> and the call would not compile.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="BpfTypedMap.MaxEntries"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="TValue"/> is not a built-in number type.</exception>
    public TValue Sum(uint index)
    {
        using var scratch = new PerCpuScratch(stackalloc byte[PerCpu.StackLimit], PerCpu.BufferSize<TValue>());
        ReadRaw(index, scratch.Bytes);
        return PerCpu.SumNumbers<TValue>(scratch.Bytes, Name);
    }

    /// <summary>Sets every CPU's value at <paramref name="index"/> to <paramref name="value"/>.</summary>
    public void Set(uint index, in TValue value)
    {
        using var scratch = new PerCpuScratch(stackalloc byte[PerCpu.StackLimit], PerCpu.BufferSize<TValue>());
        PerCpu.Fill(value, scratch.Bytes);
        WriteRaw(index, scratch.Bytes);
    }

    /// <summary>Sets each CPU's value at <paramref name="index"/>; <paramref name="perCpuValues"/>[n] goes to CPU n.</summary>
    /// <exception cref="ArgumentException">The span does not hold exactly <see cref="CpuCount"/> values.</exception>
    public void Set(uint index, ReadOnlySpan<TValue> perCpuValues)
    {
        if (perCpuValues.Length != CpuCount)
            throw new ArgumentException($"Map '{Name}' needs one value for each of the {CpuCount} possible CPUs, but {perCpuValues.Length} were given.", nameof(perCpuValues));
        using var scratch = new PerCpuScratch(stackalloc byte[PerCpu.StackLimit], PerCpu.BufferSize<TValue>());
        PerCpu.Pack(perCpuValues, scratch.Bytes);
        WriteRaw(index, scratch.Bytes);
    }

    private void ReadRaw(uint index, Span<byte> raw)
    {
        CheckIndex(index);
        fixed (byte* buffer = raw)
            Handle.LookupResult(Handle.Lookup(&index, buffer));
    }

    private void WriteRaw(uint index, Span<byte> raw)
    {
        CheckIndex(index);
        fixed (byte* buffer = raw)
            Handle.UpdateResult(Handle.Update(&index, buffer, MapUpdate.Any), MapUpdate.Any);
    }

    private void CheckIndex(uint index)
    {
        if (index >= MaxEntries)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Map '{Name}' has {MaxEntries} entries.");
    }

    private void CheckDestination(int length)
    {
        if (length < CpuCount)
            throw new ArgumentException($"Map '{Name}' holds a value for each of the {CpuCount} possible CPUs, but the destination has room for {length}.", "destination");
    }
}
