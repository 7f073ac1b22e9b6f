using System;
using System.IO;
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

    internal static CgroupLink Attach(CgroupProgram program, string cgroupPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(cgroupPath);
        string what = $"Attaching {program.SectionName} program '{program.Name}' to cgroup '{cgroupPath}'";
        string give = $"give a cgroup v2 directory (the hierarchy is mounted at {CgroupV2.MountPoint ?? "no cgroup2 mount on this machine"})";
        if (!Directory.Exists(cgroupPath))
            throw new BpfException($"{what} failed: the directory does not exist; {give}.", Errno.ENOENT);
        BpfFdHandle link = Create(program, cgroupPath, what,
            errno => errno is Errno.EBADF or Errno.EINVAL && !IsCgroupV2(cgroupPath) ? $"it is not a cgroup v2 directory; {give}" : null);
        return new CgroupLink(link, program, cgroupPath);
    }

    private static bool IsCgroupV2(string path)
    {
        string? mount = CgroupV2.MountPoint;
        return mount != null && Path.GetFullPath(path).StartsWith(Path.GetFullPath(mount), StringComparison.Ordinal) && File.Exists(Path.Join(path, "cgroup.procs"));
    }
}
