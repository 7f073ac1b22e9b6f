using System;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// <c>BPF_MAP_TYPE_PROG_ARRAY</c> (kernel 4.2): the jump table of tail calls. Entries hold
/// programs; the kernel empties the table when the last user-space descriptor of it is closed.
/// </summary>
public sealed class ProgramArrayMap : BpfIndexMapBase
{
    /// <summary>Opens the program array <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, or another map type.</exception>
    public ProgramArrayMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type.</exception>
    public ProgramArrayMap(BpfMapHandle handle) : base(handle, "ProgramArrayMap", BpfMapType.ProgramArray) { }

    /// <summary>Puts <paramref name="program"/> at <paramref name="index"/>: tail calls to the index now run it.</summary>
    /// <exception cref="BpfException">The kernel refused, e.g. the program's type differs from the caller's.</exception>
    public void Set(uint index, BpfProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        CheckIndex(index);
        using Interop.Lease lease = program.Handle.Lease();
        Store(index, (uint)lease.Fd, $"Putting program '{program.Name}' at index {index} of program array '{Name}'");
    }

    /// <summary>The kernel id of the program at <paramref name="index"/>.</summary>
    /// <returns>False when the index is empty.</returns>
    public bool TryGetProgramId(uint index, out uint programId) => TryLookup(index, out programId);
}
