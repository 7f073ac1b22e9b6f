using System.Collections.Concurrent;

namespace CodeFirstBpf;

/// <summary>
/// <c>BPF_MAP_TYPE_SOCKMAP</c> (kernel 4.14; lookups from socket-lookup programs 5.9): sockets at
/// <c>uint</c> indices, put there from userspace (<c>SockMap.Set(index, socket)</c> in the runtime).
/// In .NET, <see cref="Set"/> marks an index as holding a socket.
/// </summary>
[BpfMapKind(15, IndexKey = true)]
public sealed unsafe class SockMap : BpfMap
{
    private readonly ConcurrentDictionary<uint, nint> _sockets = new();

    /// <summary>Declares the map.</summary>
    public SockMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags) { }

    /// <summary>
    /// <c>bpf_map_lookup_elem</c> on a sockmap: the socket at <paramref name="index"/> with a
    /// reference the program must drop with <see cref="Bpf.SkRelease"/>, or null.
    /// </summary>
    [BpfHelper(1, Programs = BpfProgramKinds.SkLookup | BpfProgramKinds.Tc | BpfProgramKinds.Xdp | BpfProgramKinds.CgroupSkb)]
    public BpfSock* Lookup(uint index) => _sockets.TryGetValue(index, out nint s) ? (BpfSock*)s : null;

    /// <summary>When running as .NET: puts a (stand-in) socket at <paramref name="index"/>.</summary>
    public void Set(uint index)
    {
        if (index < MaxEntries) _sockets.GetOrAdd(index, _ => (nint)System.Runtime.InteropServices.NativeMemory.AllocZeroed(1));
    }

    /// <inheritdoc />
    public override void Reset() => _sockets.Clear();
}
