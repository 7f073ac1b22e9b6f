namespace CodeFirstBpf;

/// <summary>
/// The Linux errno values the libraries use, positive as <c>errno(3)</c> has them, in one table.
/// The kernel and libbpf return them negated; the .NET stand-ins of the Dataplane return them
/// negated too, as the BPF helpers do. This file is compiled into Dataplane and linked into
/// Runtime, so both assemblies read the same numbers without exposing them as public API.
/// </summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int E2BIG = 7;
    internal const int EBADF = 9;
    internal const int EAGAIN = 11;
    internal const int EACCES = 13;
    internal const int EFAULT = 14;
    internal const int EBUSY = 16;
    internal const int EEXIST = 17;
    internal const int ENODEV = 19;
    internal const int EINVAL = 22;
    internal const int ENOSPC = 28;
    internal const int EPROTOTYPE = 91;
    internal const int ESOCKTNOSUPPORT = 94;
    internal const int EOPNOTSUPP = 95;
    internal const int EAFNOSUPPORT = 97;

    /// <summary>The kernel-internal "not supported" that leaks to user space from BPF calls; no libc name.</summary>
    internal const int ENOTSUPP = 524;
}
