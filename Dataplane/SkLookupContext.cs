namespace CodeFirstBpf;

/// <summary>
/// The context of a socket-lookup program, over the kernel's <c>struct bpf_sk_lookup</c>: the
/// packet's protocol and addresses, looking for a socket. Addresses are in network byte order,
/// <see cref="LocalPort"/> in host order. In .NET it reads a <see cref="SkLookupMetadata"/>.
/// </summary>
[BpfContext("bpf_sk_lookup", 72, BpfProgramKinds.SkLookup)]
public readonly unsafe struct SkLookupContext
{
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
    /// <summary>The packet's destination IPv4 address, network byte order.</summary>
    [BpfContextField("local_ip4", 40)]
    public uint LocalIp4 => _md->LocalIp4;
    /// <summary>The packet's destination port, host byte order.</summary>
    [BpfContextField("local_port", 60)]
    public uint LocalPort => _md->LocalPort;
    /// <summary>The interface the packet arrived on (kernel 5.17).</summary>
    [BpfContextField("ingress_ifindex", 64)]
    public uint IngressIfIndex => _md->IngressIfIndex;

    /// <summary>
    /// <c>bpf_sk_assign</c> (kernel 5.9): the lookup returns <paramref name="socket"/> (from
    /// <see cref="SockMap.Lookup"/>; release it with <see cref="Bpf.SkRelease"/> afterwards).
    /// 0 or a negative errno (<c>-ESOCKTNOSUPPORT</c> for a socket of another protocol).
    /// In .NET it records the socket in <see cref="SkLookupMetadata.Assigned"/>.
    /// </summary>
    [BpfHelper(124)]
    public long Assign(BpfSock* socket, ulong flags)
    {
        if (flags > 3) return -Errno.EINVAL;
        _md->Assigned = socket;
        return 0;
    }
}

/// <summary>A kernel socket a <see cref="SockMap"/> lookup returned: opaque, it is passed on to helpers and released.</summary>
public struct BpfSock
{
}

/// <summary>The .NET stand-in for <c>struct bpf_sk_lookup</c>.</summary>
public unsafe struct SkLookupMetadata
{
    /// <summary>The socket the program assigned (.NET runs only).</summary>
    public BpfSock* Assigned;
    /// <summary>The address family.</summary>
    public uint Family;
    /// <summary>The protocol.</summary>
    public uint Protocol;
    /// <summary>The source IPv4 address, network byte order.</summary>
    public uint RemoteIp4;
    /// <summary>The destination IPv4 address, network byte order.</summary>
    public uint LocalIp4;
    /// <summary>The destination port, host byte order.</summary>
    public uint LocalPort;
    /// <summary>The interface the packet arrived on.</summary>
    public uint IngressIfIndex;
}
