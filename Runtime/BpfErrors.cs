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

    internal static BpfException NotOnBpfFs(string path) =>
        new($"'{path}' is not on a BPF filesystem, so maps cannot be pinned there: mount one with '{MountBpfFs}'.", Errno.ENOENT);

    /// <summary>
    /// The exception for a failed pin or pinned open, of a program or a map alike: a path outside
    /// bpffs is the usual cause, and the errno alone (ENOENT, EPERM) would not say so.
    /// </summary>
    internal static BpfException PinFailure(int error, string action, string path)
    {
        string? directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        return directory is not null && System.IO.Directory.Exists(directory) && !BpfFileSystem.IsBpfFs(directory)
            ? NotOnBpfFs(directory)
            : FromErrno(error, action);
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
