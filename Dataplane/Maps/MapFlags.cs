using System;

namespace CodeFirstBpf;

/// <summary>
/// The flags a map is created with (<c>map_flags</c>, the kernel's <c>BPF_F_*</c> values), given to
/// its constructor: <c>new LruHashMap&lt;FlowKey, Flow&gt;(maxEntries: 65536, flags: MapFlags.NoCommonLru)</c>.
/// Which kinds take which flags is declared on each map class (<see cref="BpfMapKindAttribute.Flags"/>);
/// a flag the kind cannot take is an error at the constructor. In .NET the maps record the flags;
/// what the kernel enforces on userspace or on the verifier has no .NET counterpart.
/// </summary>
[Flags]
public enum MapFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary><c>BPF_F_NO_PREALLOC</c>: hash maps allocate entries on update instead of at creation (LPM tries always do).</summary>
    NoPrealloc = 1 << 0,
    /// <summary><c>BPF_F_NO_COMMON_LRU</c>: an LRU map keeps one LRU list per CPU, each with its share of the entries.</summary>
    NoCommonLru = 1 << 1,
    /// <summary><c>BPF_F_NUMA_NODE</c>: the map's memory comes from NUMA node 0 (its <c>numa_node</c>).</summary>
    NumaNode = 1 << 2,
    /// <summary><c>BPF_F_RDONLY</c>: userspace may only read the map (its updates fail with <c>EPERM</c>).</summary>
    ReadOnlyUser = 1 << 3,
    /// <summary><c>BPF_F_WRONLY</c>: userspace may only write the map (its lookups fail with <c>EPERM</c>).</summary>
    WriteOnlyUser = 1 << 4,
    /// <summary><c>BPF_F_ZERO_SEED</c>: hash maps hash with seed 0 (reproducible bucket order, for tests; needs CAP_SYS_ADMIN).</summary>
    ZeroSeed = 1 << 6,
    /// <summary><c>BPF_F_RDONLY_PROG</c>: programs may only read the map (the verifier rejects a write).</summary>
    ReadOnlyProgram = 1 << 7,
    /// <summary><c>BPF_F_WRONLY_PROG</c>: programs may only write the map (the verifier rejects a read).</summary>
    WriteOnlyProgram = 1 << 8,
    /// <summary><c>BPF_F_MMAPABLE</c>: an array map userspace can memory-map.</summary>
    Mmapable = 1 << 10,
    /// <summary><c>BPF_F_PRESERVE_ELEMS</c>: a perf event array keeps its entries when the map fd that set them closes.</summary>
    PreserveElems = 1 << 11,
    /// <summary><c>BPF_F_INNER_MAP</c>: an array usable as the inner map of a map of maps with any size.</summary>
    InnerMap = 1 << 12,
}
