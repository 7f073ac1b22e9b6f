namespace CodeFirstBpf;

/// <summary>
/// The context of a socket-lookup program, over the kernel's <c>struct bpf_sk_lookup</c>: the
/// packet's protocol and addresses, looking for a socket. Addresses and <see cref="RemotePort"/> are
/// in network byte order, <see cref="LocalPort"/> in host order. In .NET it reads a <see cref="SkLookupMetadata"/>.
/// </summary>
[BpfContext("bpf_sk_lookup", 72, BpfProgramKinds.SkLookup)]
public readonly unsafe struct SkLookupContext
{
    /// <summary><c>BPF_SK_LOOKUP_F_REPLACE</c> | <c>BPF_SK_LOOKUP_F_NO_REUSEPORT</c>: the flags <see cref="Assign"/> takes.</summary>
    private const ulong AssignFlags = 3, Replace = 1;

    private readonly SkLookupMetadata* _md;

    /// <summary>Wraps managed-side metadata, for running a program as .NET code.</summary>
    public SkLookupContext(SkLookupMetadata* metadata) => _md = metadata;

    /// <summary>The address family (<c>AF_INET</c> 2, <c>AF_INET6</c> 10).</summary>
    [BpfContextField("family", 8)]
    public uint Family => _md->Family;
    /// <summary>The protocol (<c>IPPROTO_TCP</c> 6, <c>IPPROTO_UDP</c> 17).</summary>
    [BpfContextField("protocol", 12)]
    public uint Protocol => _md->Protocol;
    /// <summary>The packet's source IPv4 address, network byte order.</summary>
    [BpfContextField("remote_ip4", 16)]
    public uint RemoteIp4 => _md->RemoteIp4;
    /// <summary>The packet's source IPv6 address: four 32-bit words, each in network byte order.</summary>
    [BpfContextField("remote_ip6", 20, Count = 4)]
    public uint* RemoteIp6 => _md->RemoteIp6;
    /// <summary>The packet's source port, network byte order (in the low 16 bits).</summary>
    [BpfContextField("remote_port", 36)]
    public uint RemotePort => _md->RemotePort;
    /// <summary>The packet's destination IPv4 address, network byte order.</summary>
    [BpfContextField("local_ip4", 40)]
    public uint LocalIp4 => _md->LocalIp4;
    /// <summary>The packet's destination IPv6 address: four 32-bit words, each in network byte order.</summary>
    [BpfContextField("local_ip6", 44, Count = 4)]
    public uint* LocalIp6 => _md->LocalIp6;
    /// <summary>The packet's destination port, host byte order.</summary>
    [BpfContextField("local_port", 60)]
    public uint LocalPort => _md->LocalPort;
    /// <summary>The interface the packet arrived on (kernel 5.17).</summary>
    [BpfContextField("ingress_ifindex", 64)]
    public uint IngressIfIndex => _md->IngressIfIndex;

    /// <summary>
    /// <c>bpf_sk_assign</c> (kernel 5.9): the lookup returns <paramref name="socket"/> (from
    /// <see cref="SockMap.Lookup"/> or <see cref="SockHash{TKey}.Lookup"/>; release it with
    /// <see cref="Bpf.SkRelease"/> afterwards; null undoes an earlier choice). <paramref name="flags"/>:
    /// 1 replaces an earlier choice, 2 skips the socket's reuseport group. 0 or a negative errno:
    /// <c>-EINVAL</c> for other flags, <c>-EPROTOTYPE</c> for a socket of another protocol,
    /// <c>-EAFNOSUPPORT</c> for an IPv4 (or IPv6-only) socket in a lookup of the other family,
    /// <c>-EEXIST</c> when a socket was already chosen and flag 1 is not given.
    /// In .NET it checks the stand-in socket the same way and records it in <see cref="SkLookupMetadata.Assigned"/>.
    /// </summary>
    [BpfHelper(124)]
    public long Assign(BpfSock* socket, ulong flags)
    {
        if ((flags & ~AssignFlags) != 0) return -Errno.EINVAL;
        if (socket != null && SockStandIn.Mismatch(socket, _md->Family, _md->Protocol) is var mismatch and not 0) return mismatch;
        if (_md->Assigned != null && (flags & Replace) == 0) return -Errno.EEXIST;
        _md->Assigned = socket;
        return 0;
    }
}

/// <summary>A kernel socket a <see cref="SockMap"/> or <see cref="SockHash{TKey}"/> lookup returned: opaque, it is passed on to helpers and released.</summary>
public struct BpfSock
{
}

/// <summary>The .NET stand-in for <c>struct bpf_sk_lookup</c>.</summary>
public unsafe struct SkLookupMetadata
{
    /// <summary>The socket the program assigned (.NET runs only); as in the kernel, the lookup takes it only when the program returns <see cref="SkAction.Pass"/>.</summary>
    public BpfSock* Assigned;
    /// <summary>The address family.</summary>
    public uint Family;
    /// <summary>The protocol.</summary>
    public uint Protocol;
    /// <summary>The source IPv4 address, network byte order.</summary>
    public uint RemoteIp4;
    /// <summary>The source IPv6 address, four words in network byte order.</summary>
    public fixed uint RemoteIp6[4];
    /// <summary>The source port, network byte order.</summary>
    public uint RemotePort;
    /// <summary>The destination IPv4 address, network byte order.</summary>
    public uint LocalIp4;
    /// <summary>The destination IPv6 address, four words in network byte order.</summary>
    public fixed uint LocalIp6[4];
    /// <summary>The destination port, host byte order.</summary>
    public uint LocalPort;
    /// <summary>The interface the packet arrived on.</summary>
    public uint IngressIfIndex;
}
