using System;
using System.Collections.Concurrent;
using System.Net.Sockets;

namespace CodeFirstBpf;

/// <summary>
/// <c>BPF_MAP_TYPE_SOCKMAP</c> (kernel 4.14; lookups from socket-lookup programs 5.9): sockets at
/// <c>uint</c> indices, put there from userspace (<c>SockMap.Set(index, socket)</c> in the runtime).
/// In .NET, <see cref="Set"/> puts a stand-in socket at an index.
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

    /// <summary>
    /// When running as .NET: puts a stand-in socket of <paramref name="protocol"/> and
    /// <paramref name="family"/> at <paramref name="index"/> (replacing any), for
    /// <see cref="SkLookupContext.Assign"/> to check as the kernel checks the real one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="BpfMap.MaxEntries"/>.</exception>
    public void Set(uint index, ProtocolType protocol = ProtocolType.Tcp, AddressFamily family = AddressFamily.InterNetwork, bool ipv6Only = false)
    {
        if (index >= MaxEntries)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The socket map has {MaxEntries} entries; use an index below that.");
        _sockets[index] = (nint)SockStandIn.Create(protocol, family, ipv6Only);
    }

    /// <inheritdoc />
    public override void Reset() => _sockets.Clear();
}
