namespace CodeFirstBpf.Runtime;

public sealed partial class BpfObject
{
    /// <summary>The socket filter with this full ELF function name.</summary>
    /// <exception cref="BpfException">The object has no such program, or it is not a socket filter.</exception>
    public SocketFilterProgram GetSocketFilterProgram(string name) => Get<SocketFilterProgram>(name, "a socket filter");

    /// <summary>The cgroup skb program with this full ELF function name.</summary>
    /// <exception cref="BpfException">The object has no such program, or it is not a cgroup skb program.</exception>
    public CgroupSkbProgram GetCgroupSkbProgram(string name) => Get<CgroupSkbProgram>(name, "a cgroup skb");

    /// <summary>The cgroup sockaddr program with this full ELF function name.</summary>
    /// <exception cref="BpfException">The object has no such program, or it is not a cgroup sockaddr program.</exception>
    public CgroupSockAddrProgram GetCgroupSockAddrProgram(string name) => Get<CgroupSockAddrProgram>(name, "a cgroup sockaddr");

    /// <summary>The sockops program with this full ELF function name.</summary>
    /// <exception cref="BpfException">The object has no such program, or it is not a sockops program.</exception>
    public SockOpsProgram GetSockOpsProgram(string name) => Get<SockOpsProgram>(name, "a sockops");

    /// <summary>The socket-lookup program with this full ELF function name.</summary>
    /// <exception cref="BpfException">The object has no such program, or it is not a socket-lookup program.</exception>
    public SkLookupProgram GetSkLookupProgram(string name) => Get<SkLookupProgram>(name, "an sk_lookup");

    private TProgram Get<TProgram>(string name, string wanted) where TProgram : BpfProgram => GetProgram(name) switch
    {
        TProgram program => program,
        BpfProgram other => throw WrongKind(other, wanted),
    };
}
