using System;
using System.IO;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// A program attached to a cgroup v2 through a BPF link. <see cref="BpfLink.Dispose"/> detaches it; so
/// does the end of the process (the kernel drops a link whose last descriptor closes).
/// </summary>
public sealed class CgroupLink : BpfLink
{
    private CgroupLink(BpfFdHandle link, CgroupProgram program, string cgroupPath) : base(link, program) => CgroupPath = cgroupPath;

    /// <summary>The cgroup directory the program is attached to.</summary>
    public string CgroupPath { get; }

    /// <inheritdoc />
    public override string ToString() => $"{ProgramName} on cgroup {CgroupPath}{(IsAttached ? "" : " (detached)")}";

    internal static unsafe CgroupLink Attach(CgroupProgram program, string cgroupPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(cgroupPath);
        string what = $"Attaching {program.SectionName} program '{program.Name}' to cgroup '{cgroupPath}'";
        if (!Directory.Exists(cgroupPath))
            throw new BpfException($"{what} failed: the directory does not exist; give a cgroup v2 directory (the hierarchy is mounted at {CgroupV2.MountPoint ?? "no cgroup2 mount on this machine"}).", Errno.ENOENT);
        int cgroupFd = LibC.open(cgroupPath, LibC.OReadOnly | LibC.OCloexec);
        if (cgroupFd < 0)
            throw BpfErrors.FromErrno(Marshal.GetLastPInvokeError(), what);
        try
        {
            using Lease lease = program.Handle.Lease();
            int linkFd = LibBpf.bpf_link_create(lease.Fd, cgroupFd, program.ExpectedAttachType, null);
            if (linkFd >= 0) return new CgroupLink(BpfFdHandle.Own(linkFd), program, cgroupPath);
            throw -linkFd is Errno.EBADF or Errno.EINVAL && !IsCgroupV2(cgroupPath)
                ? new BpfException($"{what} failed: it is not a cgroup v2 directory; give one under {CgroupV2.MountPoint ?? "a cgroup2 mount"}.", -linkFd)
                : BpfErrors.FromErrno(-linkFd, what);
        }
        finally
        {
            LibC.close(cgroupFd);
        }
    }

    private static bool IsCgroupV2(string path)
    {
        string? mount = CgroupV2.MountPoint;
        return mount != null && Path.GetFullPath(path).StartsWith(Path.GetFullPath(mount), StringComparison.Ordinal) && File.Exists(Path.Join(path, "cgroup.procs"));
    }
}
