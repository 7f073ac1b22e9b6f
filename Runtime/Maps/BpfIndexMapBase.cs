using System;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// What <see cref="ProgramArrayMap"/> and the redirect maps (<see cref="RedirectMap"/>) share: a
/// <c>uint</c> value (a descriptor going in, an id or a number coming out) at each <c>uint</c>
/// index below <see cref="BpfTypedMap.MaxEntries"/>, written from userspace and read by a helper.
/// </summary>
public abstract unsafe class BpfIndexMapBase : BpfTypedMap
{
    private protected BpfIndexMapBase(BpfMapHandle handle, string className, BpfMapType type)
        : base(handle, className, sizeof(uint), typeof(uint).Name, sizeof(uint), typeof(uint).Name, type) { }

    /// <summary>Empties <paramref name="index"/>: tail calls to it fall through, redirects to it take the program's fallback action.</summary>
    /// <returns>False when the index was empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="BpfTypedMap.MaxEntries"/>.</exception>
    public bool Remove(uint index)
    {
        CheckIndex(index);
        return Handle.DeleteResult(Handle.Delete(&index));
    }

    /// <summary>The value the kernel reports at <paramref name="index"/>; false when the index is empty.</summary>
    private protected bool TryLookup(uint index, out uint value)
    {
        CheckIndex(index);
        uint v;
        int error = Handle.Lookup(&index, &v);
        value = v;
        return Handle.LookupResult(error);
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="index"/>; <paramref name="action"/> starts the error message.</summary>
    private protected void Store(uint index, uint value, string action)
    {
        CheckIndex(index);
        int error = Handle.Update(&index, &value, MapUpdate.Any);
        if (error < 0)
            throw BpfErrors.FromErrno(error, action);
    }

    private protected void CheckIndex(uint index)
    {
        if (index >= MaxEntries)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Map '{Name}' has {MaxEntries} entries.");
    }
}
