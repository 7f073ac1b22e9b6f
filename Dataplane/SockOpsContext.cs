namespace CodeFirstBpf;

/// <summary>
/// The context of a socket-operations program, over the kernel's <c>struct bpf_sock_ops</c>:
/// which TCP event happened (<see cref="Op"/>) to which connection. Addresses are in network
/// byte order; <see cref="LocalPort"/> is in host order, <see cref="RemotePort"/> in network order.
/// <see cref="Reply"/> is the program's answer to the <c>*_CB</c> operations that ask one.
/// In .NET it reads a <see cref="SockOpsMetadata"/>.
/// </summary>
[BpfContext("bpf_sock_ops", 216, BpfProgramKinds.SockOps)]
public readonly unsafe struct SockOpsContext
{
    private readonly SockOpsMetadata* _md;

    /// <summary>Wraps managed-side metadata, for running a program as .NET code.</summary>
    public SockOpsContext(SockOpsMetadata* metadata) => _md = metadata;

    /// <summary>The event (<see cref="SockOp"/>).</summary>
    [BpfContextField("op", 0)]
    public uint Op => _md->Op;
    /// <summary>The reply to the operation (settable).</summary>
    [BpfContextField("reply", 4)]
    public uint Reply { get => _md->Reply; set => _md->Reply = value; }
    /// <summary>The socket's family.</summary>
    [BpfContextField("family", 20)]
    public uint Family => _md->Family;
    /// <summary>The remote IPv4 address, network byte order.</summary>
    [BpfContextField("remote_ip4", 24)]
    public uint RemoteIp4 => _md->RemoteIp4;
    /// <summary>The local IPv4 address, network byte order.</summary>
    [BpfContextField("local_ip4", 28)]
    public uint LocalIp4 => _md->LocalIp4;
    /// <summary>The remote port, network byte order in the low 16 bits.</summary>
    [BpfContextField("remote_port", 64)]
    public uint RemotePort => _md->RemotePort;
    /// <summary>The local port, host byte order.</summary>
    [BpfContextField("local_port", 68)]
    public uint LocalPort => _md->LocalPort;
}

/// <summary>The TCP events a <see cref="SockOpsContext"/> reports (<c>BPF_SOCK_OPS_*</c>).</summary>
public enum SockOp : uint
{
    /// <summary>Should the connection use a different initial RTO? (reply: the timeout).</summary>
    TimeoutInit = 1,
    /// <summary>Should the connection advertise a different receive window?</summary>
    RwndInit = 2,
    /// <summary>Called before a SYN is sent (active open).</summary>
    TcpConnectCb = 3,
    /// <summary>An active (client) connection reached ESTABLISHED.</summary>
    ActiveEstablishedCb = 4,
    /// <summary>A passive (server) connection reached ESTABLISHED.</summary>
    PassiveEstablishedCb = 5,
}

/// <summary>The .NET stand-in for the first fields of <c>struct bpf_sock_ops</c>, laid out as the kernel's.</summary>
public unsafe struct SockOpsMetadata
{
    /// <summary>The event.</summary>
    public uint Op;
    /// <summary>The reply (the kernel's union with the four arguments).</summary>
    public uint Reply;
    /// <summary>The rest of the argument words.</summary>
    public fixed uint Args[3];
    /// <summary>The socket's family.</summary>
    public uint Family;
    /// <summary>The remote IPv4 address.</summary>
    public uint RemoteIp4;
    /// <summary>The local IPv4 address.</summary>
    public uint LocalIp4;
    /// <summary>The remote IPv6 address.</summary>
    public fixed uint RemoteIp6[4];
    /// <summary>The local IPv6 address.</summary>
    public fixed uint LocalIp6[4];
    /// <summary>The remote port, network byte order.</summary>
    public uint RemotePort;
    /// <summary>The local port, host byte order.</summary>
    public uint LocalPort;
}
