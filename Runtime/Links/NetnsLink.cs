using System;
using System.IO;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>A socket-lookup program attached to a network namespace through a BPF link.</summary>
public sealed class NetnsLink : BpfLink
{
    private NetnsLink(BpfFdHandle link, SkLookupProgram program, string netnsPath) : base(link, program) => NetnsPath = netnsPath;

    /// <summary>The namespace file the program is attached to (<c>/proc/self/ns/net</c>, <c>/run/netns/NAME</c>).</summary>
    public string NetnsPath { get; }

    /// <inheritdoc />
    public override string ToString() => $"{ProgramName} on netns {NetnsPath}{(IsAttached ? "" : " (detached)")}";

    internal static unsafe NetnsLink Attach(SkLookupProgram program, string netnsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(netnsPath);
        string what = $"Attaching sk_lookup program '{program.Name}' to network namespace '{netnsPath}'";
        if (!File.Exists(netnsPath))
            throw new BpfException($"{what} failed: the file does not exist; give a namespace file such as /proc/self/ns/net or /run/netns/NAME.", Errno.ENOENT);
        int netnsFd = LibC.open(netnsPath, LibC.OReadOnly | LibC.OCloexec);
        if (netnsFd < 0)
            throw BpfErrors.FromErrno(Marshal.GetLastPInvokeError(), what);
        try
        {
            using Lease lease = program.Handle.Lease();
            int linkFd = LibBpf.bpf_link_create(lease.Fd, netnsFd, program.ExpectedAttachType, null);
            if (linkFd >= 0) return new NetnsLink(BpfFdHandle.Own(linkFd), program, netnsPath);
            throw -linkFd == Errno.EINVAL
                ? new BpfException($"{what} failed: it is not a network namespace file; give one such as /proc/self/ns/net or /run/netns/NAME.", -linkFd)
                : BpfErrors.FromErrno(-linkFd, what);
        }
        finally
        {
            LibC.close(netnsFd);
        }
    }
}
