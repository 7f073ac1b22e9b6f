using System;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// <c>BPF_MAP_TYPE_PROG_ARRAY</c> (kernel 4.2): the jump table of tail calls. Entries hold
/// programs; the kernel empties the table when the last user-space descriptor of it is closed.
/// </summary>
public sealed unsafe class ProgramArrayMap : BpfTypedMap
{
    /// <summary>Opens the program array <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, or another map type.</exception>
    public ProgramArrayMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type.</exception>
    public ProgramArrayMap(BpfMapHandle handle)
        : base(handle, "ProgramArrayMap", sizeof(uint), typeof(uint).Name, sizeof(uint), typeof(uint).Name, BpfMapType.ProgramArray) { }

    /// <summary>Puts <paramref name="program"/> at <paramref name="index"/>: tail calls to the index now run it.</summary>
    /// <exception cref="BpfException">The kernel refused, e.g. the program's type differs from the caller's.</exception>
    public void Set(uint index, BpfProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        CheckIndex(index);
        using Interop.Lease lease = program.Handle.Lease();
        uint fd = (uint)lease.Fd;
        int error = Handle.Update(&index, &fd, MapUpdate.Any);
        if (error < 0)
            throw BpfErrors.FromErrno(error, $"Putting program '{program.Name}' at index {index} of program array '{Name}'");
    }

    /// <summary>Empties <paramref name="index"/>: tail calls to it fall through.</summary>
    /// <returns>False when the index was empty.</returns>
    public bool Remove(uint index)
    {
        CheckIndex(index);
        return Handle.DeleteResult(Handle.Delete(&index));
    }

    /// <summary>The kernel id of the program at <paramref name="index"/>.</summary>
    /// <returns>False when the index is empty.</returns>
    public bool TryGetProgramId(uint index, out uint programId)
    {
        CheckIndex(index);
        uint id;
        int error = Handle.Lookup(&index, &id);
        programId = id;
        return Handle.LookupResult(error);
    }

    private void CheckIndex(uint index)
    {
        if (index >= MaxEntries)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Map '{Name}' has {MaxEntries} entries.");
    }
}
