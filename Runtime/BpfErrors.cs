using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>Errno values and the one-sentence messages built from them, in one place.</summary>
internal static class BpfErrors
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int E2BIG = 7;
    internal const int EBUSY = 16;
    internal const int EEXIST = 17;
    internal const int ENODEV = 19;
    internal const int EINVAL = 22;
    internal const int ENOSPC = 28;
    internal const int EOPNOTSUPP = 95;
    internal const int ENOTSUPP = 524;

    internal const string LibbpfMissing = "libbpf.so.1 was not found: install it with 'apt-get install libbpf1'.";

    internal const string PermissionFix =
        "run as root or grant the process CAP_BPF and CAP_NET_ADMIN (CAP_SYS_ADMIN on kernels older than 5.8)";

    internal const string MountBpfFs = "mount -t bpf bpf /sys/fs/bpf";

    /// <summary>The C library's text for an errno, or a note for the kernel-internal ones.</summary>
    internal static string Describe(int errno) => Math.Abs(errno) switch
    {
        ENOTSUPP => "Operation not supported by this kernel (ENOTSUPP)",
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
        if (errno == EPERM)
            return new BpfException($"{action} was not permitted: {PermissionFix}.", errno, libbpfLog);
        string? said = FirstComplaint(libbpfLog);
        string detail = said is null ? "" : $" (libbpf: {said})";
        return new BpfException($"{action} failed: {Describe(errno)}{detail}.", errno, libbpfLog);
    }

    internal static BpfException NotOnBpfFs(string path) =>
        new($"'{path}' is not on a BPF filesystem, so maps cannot be pinned there: mount one with '{MountBpfFs}'.", ENOENT);

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
