using System;

namespace CodeFirstBpf;

/// <summary>
/// Marks <c>static long M(SocketContext ctx)</c> as a socket filter (ELF section <c>socket</c>):
/// it returns how many bytes of the packet the socket keeps, 0 drops it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
[BpfProgramType(BpfProgramKinds.SocketFilter, 1, typeof(SocketContext), typeof(long), Section = "socket", MinimumKernel = "3.19")]
public sealed class SocketFilterAttribute : Attribute { }

/// <summary>Marks <c>static CgroupSkbAction M(SkbContext ctx)</c> as a cgroup skb program on the cgroup's ingress or egress.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
[BpfProgramType(BpfProgramKinds.CgroupSkb, 8, typeof(SkbContext), typeof(CgroupSkbAction), MinimumKernel = "4.10")]
public sealed class CgroupSkbAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public CgroupSkbAttribute(CgroupSkbDirection direction) => Direction = direction;

    /// <summary>The packets the program sees.</summary>
    public CgroupSkbDirection Direction { get; }
}

/// <summary>
/// Marks <c>static SockAddrAction M(SockAddrContext ctx)</c> as a cgroup sockaddr hook: the
/// program sees (and may rewrite) the address of a <c>connect</c>, <c>bind</c>, <c>sendmsg</c>,
/// <c>recvmsg</c>, <c>getpeername</c> or <c>getsockname</c> of a socket in the cgroup.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
[BpfProgramType(BpfProgramKinds.CgroupSockAddr, 18, typeof(SockAddrContext), typeof(SockAddrAction), MinimumKernel = "4.17")]
public sealed class CgroupSockAddrAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public CgroupSockAddrAttribute(SockAddrHook hook) => Hook = hook;

    /// <summary>The system call the program runs in.</summary>
    public SockAddrHook Hook { get; }
}

/// <summary>
/// Marks <c>static int M(SockOpsContext ctx)</c> as a socket-operations program (ELF section
/// <c>sockops</c>), called for TCP events of the cgroup's sockets (connection established, …).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
[BpfProgramType(BpfProgramKinds.SockOps, 13, typeof(SockOpsContext), typeof(int), Section = "sockops", AttachType = 3, MinimumKernel = "4.13")]
public sealed class SockOpsAttribute : Attribute { }

/// <summary>The hook of a <see cref="CgroupSkbAttribute"/> program.</summary>
public enum CgroupSkbDirection
{
    /// <summary>Packets the cgroup's sockets receive (<c>BPF_CGROUP_INET_INGRESS</c>).</summary>
    [BpfAttachPoint("cgroup_skb/ingress", 0)]
    Ingress,
    /// <summary>Packets the cgroup's sockets send (<c>BPF_CGROUP_INET_EGRESS</c>).</summary>
    [BpfAttachPoint("cgroup_skb/egress", 1)]
    Egress,
}

/// <summary>The system call a <see cref="CgroupSockAddrAttribute"/> program runs in.</summary>
public enum SockAddrHook
{
    /// <summary><c>connect</c> of an IPv4 socket (<c>BPF_CGROUP_INET4_CONNECT</c>).</summary>
    [BpfAttachPoint("cgroup/connect4", 10)]
    Connect4,
    /// <summary><c>connect</c> of an IPv6 socket.</summary>
    [BpfAttachPoint("cgroup/connect6", 11)]
    Connect6,
    /// <summary>An IPv4 UDP <c>sendmsg</c> with an address (<c>BPF_CGROUP_UDP4_SENDMSG</c>).</summary>
    [BpfAttachPoint("cgroup/sendmsg4", 14, MinimumKernel = "4.18")]
    SendMsg4,
    /// <summary>An IPv6 UDP <c>sendmsg</c> with an address.</summary>
    [BpfAttachPoint("cgroup/sendmsg6", 15, MinimumKernel = "4.18")]
    SendMsg6,
    /// <summary>An IPv4 UDP <c>recvmsg</c>: the source address userspace sees (<c>BPF_CGROUP_UDP4_RECVMSG</c>).</summary>
    [BpfAttachPoint("cgroup/recvmsg4", 19, MinimumKernel = "5.2")]
    RecvMsg4,
    /// <summary>An IPv6 UDP <c>recvmsg</c>.</summary>
    [BpfAttachPoint("cgroup/recvmsg6", 20, MinimumKernel = "5.2")]
    RecvMsg6,
    /// <summary><c>getpeername</c> of an IPv4 socket: the peer address userspace sees.</summary>
    [BpfAttachPoint("cgroup/getpeername4", 29, MinimumKernel = "5.8")]
    GetPeerName4,
    /// <summary><c>getpeername</c> of an IPv6 socket.</summary>
    [BpfAttachPoint("cgroup/getpeername6", 30, MinimumKernel = "5.8")]
    GetPeerName6,
    /// <summary><c>getsockname</c> of an IPv4 socket.</summary>
    [BpfAttachPoint("cgroup/getsockname4", 31, MinimumKernel = "5.8")]
    GetSockName4,
    /// <summary><c>getsockname</c> of an IPv6 socket.</summary>
    [BpfAttachPoint("cgroup/getsockname6", 32, MinimumKernel = "5.8")]
    GetSockName6,
    /// <summary><c>bind</c> of an IPv4 socket (<c>BPF_CGROUP_INET4_BIND</c>).</summary>
    [BpfAttachPoint("cgroup/bind4", 8)]
    Bind4,
    /// <summary><c>bind</c> of an IPv6 socket.</summary>
    [BpfAttachPoint("cgroup/bind6", 9)]
    Bind6,
}

/// <summary>The verdict of a cgroup skb program.</summary>
public enum CgroupSkbAction
{
    /// <summary>Drop the packet (a sender's <c>send</c> fails with <c>EPERM</c>).</summary>
    Drop = 0,
    /// <summary>Let the packet through.</summary>
    Allow = 1,
}

/// <summary>The verdict of a cgroup sockaddr program.</summary>
public enum SockAddrAction
{
    /// <summary>Refuse the system call (<c>EPERM</c>).</summary>
    Reject = 0,
    /// <summary>Go on, with the address as the program left it.</summary>
    Proceed = 1,
}

/// <summary>
/// Marks <c>static SkAction M(SkLookupContext ctx)</c> as a socket-lookup program (ELF section
/// <c>sk_lookup</c>): when a packet looks for a listening or unconnected socket in the network
/// namespace, the program may pick one (<c>ctx.Assign</c>) from a <see cref="SockMap"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
[BpfProgramType(BpfProgramKinds.SkLookup, 30, typeof(SkLookupContext), typeof(SkAction), Section = "sk_lookup", AttachType = 36, MinimumKernel = "5.9")]
public sealed class SkLookupAttribute : Attribute { }

/// <summary>The verdict of a socket-lookup program.</summary>
public enum SkAction
{
    /// <summary>Drop the packet: no socket gets it.</summary>
    Drop = 0,
    /// <summary>Go on: with the socket assigned, or with the usual lookup when none was.</summary>
    Pass = 1,
}
