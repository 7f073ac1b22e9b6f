using System;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// A program attached through a kernel BPF link to a cgroup or a network namespace.
/// <see cref="Dispose"/> detaches it; so does the end of the process (the kernel drops a link
/// whose last descriptor closes).
/// </summary>
public abstract class BpfLink : IDisposable
{
    private readonly BpfFdHandle _link;

    private protected BpfLink(BpfFdHandle link, BpfProgram program)
    {
        _link = link;
        ProgramName = program.Name;
        ProgramId = program.Id;
        AttachmentRegistry.Add(link);
    }

    /// <summary>The attached program's ELF name.</summary>
    public string ProgramName { get; }

    /// <summary>The attached program's kernel id.</summary>
    public uint ProgramId { get; }

    /// <summary>False once the link has been disposed.</summary>
    public bool IsAttached => !_link.IsClosed;

    /// <summary>The bpffs path this link is pinned at, or null.</summary>
    public string? PinPath { get; private set; }

    /// <summary>
    /// Pins the link on bpffs so the program stays attached after <see cref="Dispose"/> and after
    /// this process exits, until the pin is removed (<c>rm</c>, <see cref="PinnedLinks.Detach"/>,
    /// <c>cfbpf detach</c> or <c>bpftool link detach</c>).
    /// </summary>
    /// <exception cref="BpfException">The path is not on bpffs or already exists.</exception>
    public void Pin(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ObjectDisposedException.ThrowIf(_link.IsClosed, this);
        using Lease link = _link.Lease();
        int error = LibBpf.bpf_obj_pin(link.Fd, path);
        if (error < 0)
            throw BpfErrors.PinFailure(error, $"Pinning the link of '{ProgramName}' at '{path}'", path);
        PinPath = path;
    }

    /// <summary>Detaches the program. Calling it again does nothing.</summary>
    public void Dispose()
    {
        AttachmentRegistry.Remove(_link);
        _link.Dispose();
    }

    /// <summary>
    /// Opens <paramref name="targetPath"/> (a cgroup directory, a namespace file) and links the program
    /// to it at the attach type its section named. <paramref name="explain"/> turns the kernel's errno
    /// into what is wrong with the target, or null to report the errno as it is.
    /// </summary>
    private protected static unsafe BpfFdHandle Create(BpfProgram program, string targetPath, string what, Func<int, string?> explain)
    {
        int targetFd = LibC.open(targetPath, LibC.OReadOnly | LibC.OCloexec);
        if (targetFd < 0)
            throw BpfErrors.FromErrno(Marshal.GetLastPInvokeError(), what);
        try
        {
            using Lease lease = program.Handle.Lease();
            int linkFd = LibBpf.bpf_link_create(lease.Fd, targetFd, program.ExpectedAttachType, null);
            if (linkFd >= 0) return BpfFdHandle.Own(linkFd);
            throw explain(-linkFd) is { } why ? new BpfException($"{what} failed: {why}.", -linkFd) : BpfErrors.FromErrno(-linkFd, what);
        }
        finally
        {
            LibC.close(targetFd);
        }
    }
}
