using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;
using CodeFirstBpf.Runtime.Loading;

namespace CodeFirstBpf.Runtime;

/// <summary>The one-sentence messages built from errno values (the numbers are <see cref="Errno"/>), in one place.</summary>
internal static class BpfErrors
{

    internal const string LibbpfMissing = "libbpf.so.1 was not found: install it with 'apt-get install libbpf1'.";

    internal const string PermissionFix =
        "run as root or grant the process CAP_BPF and CAP_NET_ADMIN (CAP_SYS_ADMIN on kernels older than 5.8)";

    internal const string MountBpfFs = "mount -t bpf bpf /sys/fs/bpf";

    /// <summary>The C library's text for an errno, or a note for the kernel-internal ones.</summary>
    internal static string Describe(int errno) => Math.Abs(errno) switch
    {
        Errno.ENOTSUPP => "Operation not supported by this kernel (ENOTSUPP)",
        >= LibbpfErrnoStart and < LibbpfErrnoEnd and int e => LibbpfDescribe(e),
        int e => Marshal.GetPInvokeErrorMessage(e),
    };

    // libbpf's own error codes (LIBBPF_ERRNO__*), e.g. 4001 "Invalid ELF object format".
    private const int LibbpfErrnoStart = 4000;
    private const int LibbpfErrnoEnd = 4100;

    private static unsafe string LibbpfDescribe(int errno)
    {
        byte* buffer = stackalloc byte[128];
        return LibBpf.libbpf_strerror(errno, buffer, 128) == 0
            ? Marshal.PtrToStringUTF8((nint)buffer) ?? $"libbpf error {errno}"
            : $"libbpf error {errno}";
    }

    /// <summary>
    /// The exception for a failed call: EPERM always says how to get the privileges; anything else
    /// names the errno and the first thing libbpf complained about, if it did.
    /// </summary>
    internal static BpfException FromErrno(int errno, string action, IReadOnlyList<string>? libbpfLog = null)
    {
        errno = Math.Abs(errno);
        libbpfLog ??= [];
        if (errno == Errno.EPERM)
            return new BpfException($"{action} was not permitted: {PermissionFix}.", errno, libbpfLog);
        string? said = FirstComplaint(libbpfLog);
        string detail = said is null ? "" : $" (libbpf: {said})";
        return new BpfException($"{action} failed: {Describe(errno)}{detail}.", errno, libbpfLog);
    }

    /// <summary>
    /// A pin path outside bpffs. The advice depends on the machine: with a BPF filesystem mounted
    /// somewhere, the fix is a path under it; only with none mounted is the fix to mount one.
    /// </summary>
    internal static BpfException NotOnBpfFs(string path)
    {
        var mounts = BpfFileSystemMounts();
        string fix = mounts.Count == 0
            ? $"no BPF filesystem is mounted: mount one with '{MountBpfFs}'"
            : $"pin under the BPF filesystem mounted at {string.Join(", ", mounts)} instead (e.g. {System.IO.Path.Combine(mounts[0], "myapp")})";
        return new BpfException($"'{path}' is not on a BPF filesystem, so nothing can be pinned there: {fix}.", Errno.ENOENT);
    }

    /// <summary>
    /// The exception for a failed pin or pinned open, of a program, map or link alike, saying what
    /// is true of the path: outside bpffs, a directory that does not exist, a name bpffs refuses,
    /// something already pinned there, nothing pinned there — the errno alone would not say which.
    /// </summary>
    internal static BpfException PinFailure(int error, string action, string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string? directory = System.IO.Path.GetDirectoryName(full);
        if (directory is null) return FromErrno(error, action);
        if (!BpfFileSystem.IsOnBpfFs(directory)) return NotOnBpfFs(directory);
        if (!System.IO.Directory.Exists(directory))
            return new BpfException($"{action} failed: the directory '{directory}' does not exist; create it first (mkdir -p {directory}), it is on the BPF filesystem.", Errno.ENOENT);
        int errno = Math.Abs(error);
        string name = System.IO.Path.GetFileName(full);
        if (errno == Errno.EPERM && name.Contains('.', StringComparison.Ordinal))
            return new BpfException($"{action} failed: the BPF filesystem refuses names with a dot ('{name}'); use another name, e.g. '{name.Replace('.', '_')}'.", errno);
        if (errno == Errno.EEXIST)
            return new BpfException($"{action} failed: something is already pinned at '{full}'; remove it (rm {full}) or pin elsewhere.", errno);
        if (errno == Errno.ENOENT && !System.IO.File.Exists(full))
            return new BpfException($"{action} failed: nothing is pinned at '{full}'.", errno);
        return FromErrno(error, action);
    }

    /// <summary>Mount points of every BPF filesystem, from /proc/mounts.</summary>
    internal static IReadOnlyList<string> BpfFileSystemMounts()
    {
        var mounts = new List<string>();
        try
        {
            foreach (string line in System.IO.File.ReadLines("/proc/mounts"))
            {
                string[] f = line.Split(' ');
                if (f.Length > 2 && f[2] == "bpf") mounts.Add(f[1].Replace("\\040", " ", StringComparison.Ordinal));
            }
        }
        catch (System.IO.IOException)
        {
        }
        return mounts;
    }

    /// <summary>libbpf's first warning is the cause; later ones only report it upwards.</summary>
    internal static string? FirstComplaint(IReadOnlyList<string> lines)
    {
        foreach (string line in lines)
        {
            if (line.StartsWith("libbpf: ", StringComparison.Ordinal))
                return line["libbpf: ".Length..].TrimEnd('.', ' ');
        }
        return null;
    }
}
