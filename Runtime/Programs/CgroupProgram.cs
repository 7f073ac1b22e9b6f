using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// A program that runs for the sockets of a cgroup v2 and its descendants: cgroup skb, cgroup
/// sockaddr and sockops programs, attached with <see cref="AttachCgroup"/>.
/// </summary>
public abstract class CgroupProgram : BpfProgram
{
    private protected CgroupProgram(string name, string sectionName, uint programType, BpfFdHandle handle, string verifierLog)
        : base(name, sectionName, programType, handle, verifierLog) { }

    /// <summary>
    /// Attaches the program to the cgroup v2 directory <paramref name="cgroupV2Path"/> with a BPF
    /// link (kernel 5.7), at the hook its section names (<c>cgroup/connect4</c>, …). Other
    /// programs on the cgroup keep running. Dispose the returned link to detach; the kernel also
    /// detaches it when the process ends.
    /// </summary>
    /// <param name="cgroupV2Path">A directory of the cgroup v2 hierarchy (<see cref="CgroupV2.MountPoint"/> finds its root).</param>
    /// <exception cref="BpfException">The path is not a cgroup v2 directory, or the kernel refused.</exception>
    public CgroupLink AttachCgroup(string cgroupV2Path) => CgroupLink.Attach(this, cgroupV2Path);
}

/// <summary>A cgroup sockaddr program (<c>BPF_PROG_TYPE_CGROUP_SOCK_ADDR</c>, kernel 4.17): rewrites or refuses the addresses of connect, bind, sendmsg, recvmsg, getpeername and getsockname.</summary>
public sealed class CgroupSockAddrProgram : CgroupProgram
{
    internal CgroupSockAddrProgram(string name, string sectionName, uint programType, BpfFdHandle handle, string verifierLog)
        : base(name, sectionName, programType, handle, verifierLog) { }
}

/// <summary>A sockops program (<c>BPF_PROG_TYPE_SOCK_OPS</c>, kernel 4.13): called for TCP events of the cgroup's sockets.</summary>
public sealed class SockOpsProgram : CgroupProgram
{
    internal SockOpsProgram(string name, string sectionName, uint programType, BpfFdHandle handle, string verifierLog)
        : base(name, sectionName, programType, handle, verifierLog) { }
}
