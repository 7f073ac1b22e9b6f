namespace CodeFirstBpf;

/// <summary>
/// Base of every map declaration. A map is declared as a <c>static readonly</c> field of a program
/// class and sized by its constructor; the generator turns it into a libbpf BTF map in <c>.maps</c>.
/// In .NET the map lives in memory so the same program runs as ordinary code.
/// </summary>
public abstract class BpfMap
{
    /// <summary>Creates a map declaration.</summary>
    protected BpfMap(uint maxEntries, MapFlags flags = MapFlags.None)
    {
        MaxEntries = maxEntries;
        Flags = flags;
    }

    /// <summary>The <c>max_entries</c> of the map.</summary>
    public uint MaxEntries { get; }

    /// <summary>The <c>map_flags</c> the map is created with.</summary>
    public MapFlags Flags { get; }

    /// <summary>
    /// .NET only: the in-memory entries as raw key and value bytes, the way the kernel map would
    /// hold them (arrays list every index), for comparing a .NET run with a kernel run.
    /// Maps without key/value entries (ring buffers, queues, …) have none.
    /// </summary>
    public virtual System.Collections.Generic.IEnumerable<(byte[] Key, byte[] Value)> RawEntries()
    {
        yield break;
    }

    /// <summary>.NET only: empties the in-memory map, as a freshly loaded kernel map is.</summary>
    public virtual void Reset()
    {
    }

    /// <summary>The kernel's <c>-E2BIG</c>, returned when a map is full.</summary>
    protected const long E2Big = -Errno.E2BIG;
    /// <summary>The kernel's <c>-ENOENT</c>.</summary>
    protected const long ENoEnt = -Errno.ENOENT;
    /// <summary>The kernel's <c>-EEXIST</c>.</summary>
    protected const long EExist = -Errno.EEXIST;
    /// <summary>The kernel's <c>-EINVAL</c>.</summary>
    protected const long EInval = -Errno.EINVAL;
}
