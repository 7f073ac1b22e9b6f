using System.Collections.Concurrent;
using System.Net.Sockets;

namespace CodeFirstBpf;

/// <summary>
/// <c>BPF_MAP_TYPE_SOCKHASH</c> (kernel 4.18; lookups from socket-lookup programs 5.9): sockets by a
/// key of your choosing, put there from userspace (<c>SockHash&lt;TKey&gt;.Set(key, socket)</c> in the
/// runtime). In .NET, <see cref="Set"/> puts a stand-in socket at a key.
/// </summary>
/// <typeparam name="TKey">The key: an integer or an unmanaged struct (its bytes are the key).</typeparam>
[BpfMapKind(18)]
public sealed unsafe class SockHash<TKey> : BpfMap where TKey : unmanaged
{
    private readonly ConcurrentDictionary<TKey, nint> _sockets = new();

    /// <summary>Declares the map.</summary>
    public SockHash(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags) { }

    /// <summary>
    /// <c>bpf_map_lookup_elem</c> on a sockhash: the socket at <paramref name="key"/> with a
    /// reference the program must drop with <see cref="Bpf.SkRelease"/>, or null.
    /// </summary>
    [BpfHelper(1, Programs = BpfProgramKinds.SkLookup | BpfProgramKinds.Tc | BpfProgramKinds.Xdp | BpfProgramKinds.CgroupSkb)]
    public BpfSock* Lookup(in TKey key) => _sockets.TryGetValue(key, out nint s) ? (BpfSock*)s : null;

    /// <summary>
    /// When running as .NET: puts a stand-in socket of <paramref name="protocol"/> and
    /// <paramref name="family"/> at <paramref name="key"/> (replacing any), for
    /// <see cref="SkLookupContext.Assign"/> to check as the kernel checks the real one.
    /// </summary>
    /// <returns>False when the map already holds <see cref="BpfMap.MaxEntries"/> other keys (the kernel's <c>E2BIG</c>).</returns>
    public bool Set(in TKey key, ProtocolType protocol = ProtocolType.Tcp, AddressFamily family = AddressFamily.InterNetwork, bool ipv6Only = false)
    {
        if (!_sockets.ContainsKey(key) && _sockets.Count >= MaxEntries) return false;
        _sockets[key] = (nint)SockStandIn.Create(protocol, family, ipv6Only);
        return true;
    }

    /// <inheritdoc />
    public override void Reset() => _sockets.Clear();
}
