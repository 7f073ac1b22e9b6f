namespace CodeFirstBpf;

/// <summary>
/// The context of a cgroup sockaddr program, over the kernel's <c>struct bpf_sock_addr</c>: the
/// address a socket of the cgroup connects to, binds, sends to or reports. Addresses and ports are
/// in network byte order, as in a <c>sockaddr_in</c>. The IPv4 address is readable and writable by
/// the IPv4 hooks, the IPv6 words by the IPv6 hooks, the port by every hook; the message source
/// by <c>sendmsg</c> hooks. In .NET it reads a <see cref="SockAddrMetadata"/>.
/// </summary>
[BpfContext("bpf_sock_addr", 72, BpfProgramKinds.CgroupSockAddr)]
public readonly unsafe struct SockAddrContext
{
    private readonly SockAddrMetadata* _md;

    /// <summary>Wraps managed-side metadata, for running a program as .NET code.</summary>
    public SockAddrContext(SockAddrMetadata* metadata) => _md = metadata;

    /// <summary>The address family userspace passed (<c>AF_INET</c> 2, <c>AF_INET6</c> 10).</summary>
    [BpfContextField("user_family", 0)]
    public uint UserFamily => _md->UserFamily;
    /// <summary>The IPv4 address, network byte order (settable: the connect goes there instead).</summary>
    [BpfContextField("user_ip4", 4)]
    public uint UserIp4 { get => _md->UserIp4; set => _md->UserIp4 = value; }
    /// <summary>The four words of the IPv6 address, network byte order, readable and writable.</summary>
    [BpfContextField("user_ip6", 8, Count = 4)]
    public uint* UserIp6 => _md->UserIp6;
    /// <summary>The port, network byte order in the low 16 bits (settable).</summary>
    [BpfContextField("user_port", 24)]
    public uint UserPort { get => _md->UserPort; set => _md->UserPort = value; }
    /// <summary>The socket's family.</summary>
    [BpfContextField("family", 28)]
    public uint Family => _md->Family;
    /// <summary>The socket's type (<c>SOCK_STREAM</c> 1, <c>SOCK_DGRAM</c> 2).</summary>
    [BpfContextField("type", 32)]
    public uint Type => _md->Type;
    /// <summary>The socket's protocol (<c>IPPROTO_TCP</c> 6, <c>IPPROTO_UDP</c> 17).</summary>
    [BpfContextField("protocol", 36)]
    public uint Protocol => _md->Protocol;
    /// <summary>The IPv4 source of a UDP <c>sendmsg</c> (settable there).</summary>
    [BpfContextField("msg_src_ip4", 40)]
    public uint MsgSrcIp4 { get => _md->MsgSrcIp4; set => _md->MsgSrcIp4 = value; }
}

/// <summary>The .NET stand-in for <c>struct bpf_sock_addr</c>, laid out as the kernel's.</summary>
public unsafe struct SockAddrMetadata
{
    /// <summary>The address family userspace passed.</summary>
    public uint UserFamily;
    /// <summary>The IPv4 address, network byte order.</summary>
    public uint UserIp4;
    /// <summary>The IPv6 address, network byte order.</summary>
    public fixed uint UserIp6[4];
    /// <summary>The port, network byte order in the low 16 bits.</summary>
    public uint UserPort;
    /// <summary>The socket's family.</summary>
    public uint Family;
    /// <summary>The socket's type.</summary>
    public uint Type;
    /// <summary>The socket's protocol.</summary>
    public uint Protocol;
    /// <summary>The IPv4 source of a UDP <c>sendmsg</c>.</summary>
    public uint MsgSrcIp4;
    /// <summary>The IPv6 source of a UDP <c>sendmsg</c>.</summary>
    public fixed uint MsgSrcIp6[4];
}
