using System;
using System.Runtime.InteropServices;

namespace CodeFirstBpf;

/// <summary>
/// In-memory storage behind the array map family when a program runs as .NET code: a zeroed
/// native block of <see cref="BpfMap.MaxEntries"/> values, indexed by a <c>uint</c>.
/// </summary>
public unsafe abstract class ArrayTable<TValue> : BpfMap where TValue : unmanaged
{
    private readonly TValue* _values;

    /// <summary>Creates the table.</summary>
    protected ArrayTable(uint maxEntries, MapFlags flags) : base(maxEntries, flags)
        => _values = (TValue*)NativeMemory.AllocZeroed(maxEntries == 0 ? 1 : maxEntries, (nuint)sizeof(TValue));

    /// <summary>Pointer to element <paramref name="index"/>, or null when out of range.</summary>
    [BpfHelper(1)]
    public TValue* Lookup(uint index) => index < MaxEntries ? _values + index : null;

    /// <summary>Copies element <paramref name="index"/> out; false when out of range.</summary>
    [BpfHelper(1)]
    public bool TryGetValue(uint index, out TValue value)
    {
        TValue* p = Lookup(index);
        value = p == null ? default : *p;
        return p != null;
    }

    /// <summary>Replaces element <paramref name="index"/>; 0 or a negative errno.</summary>
    [BpfHelper(2)]
    public long Update(uint index, in TValue value, MapUpdate flags = MapUpdate.Any)
    {
        if (index >= MaxEntries) return E2Big;
        if (flags == MapUpdate.NoExist) return EExist;
        _values[index] = value;
        return 0;
    }

    /// <inheritdoc />
    public override System.Collections.Generic.IEnumerable<(byte[] Key, byte[] Value)> RawEntries()
    {
        var entries = new System.Collections.Generic.List<(byte[], byte[])>((int)MaxEntries);
        for (uint i = 0; i < MaxEntries; i++)
            entries.Add((BitConverter.GetBytes(i), new System.ReadOnlySpan<byte>(_values + i, sizeof(TValue)).ToArray()));
        return entries;
    }

    /// <inheritdoc />
    public override void Reset() => NativeMemory.Clear(_values, (nuint)MaxEntries * (nuint)sizeof(TValue));

    /// <summary>Array elements cannot be deleted: always <c>-EINVAL</c>, as in the kernel.</summary>
    [BpfHelper(3)]
    public long Delete(uint index) => EInval;
}
