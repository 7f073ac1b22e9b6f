using System;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// What <see cref="XdpLink"/> and <see cref="TcLink"/> share: a program attached to a network
/// interface, detached by <see cref="Dispose"/> and, failing that, at the end of the process.
/// </summary>
public abstract class InterfaceLink : IDisposable
{
    private protected InterfaceLink(SafeHandle attachment, BpfProgram program, int interfaceIndex, string interfaceName)
    {
        Attachment = attachment;
        ProgramName = program.Name;
        ProgramId = program.Id;
        InterfaceIndex = interfaceIndex;
        InterfaceName = interfaceName;
        // Registered so the attachment is detached at process exit and never by a stray GC.
        AttachmentRegistry.Add(attachment);
    }

    /// <summary>The attached program's ELF name.</summary>
    public string ProgramName { get; private set; }

    /// <summary>The attached program's kernel id.</summary>
    public uint ProgramId { get; private set; }

    /// <summary>The interface's name at attach time.</summary>
    public string InterfaceName { get; }

    /// <summary>The interface's index.</summary>
    public int InterfaceIndex { get; }

    /// <summary>False once the link has been disposed.</summary>
    public bool IsAttached => !Attachment.IsClosed;

    /// <summary>The kernel object that keeps the program attached: a BPF link, a netlink or clsact attachment.</summary>
    private protected SafeHandle Attachment { get; }

    /// <summary>Detaches the program. Calling it again does nothing.</summary>
    public void Dispose()
    {
        AttachmentRegistry.Remove(Attachment);
        Attachment.Dispose();
    }

    /// <summary>The bpffs path this link is pinned at, or null.</summary>
    public string? PinPath { get; private set; }

    /// <summary>
    /// Pins the link on bpffs so the program stays attached after <see cref="Dispose"/> and after
    /// this process exits, until the pin is removed (<see cref="Unpin"/>, <c>rm</c>,
    /// <c>cfbpf detach</c> or <c>bpftool link detach</c>). Only BPF links can be pinned.
    /// </summary>
    /// <exception cref="BpfException">The attachment is not a BPF link, or pinning failed.</exception>
    public void Pin(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ObjectDisposedException.ThrowIf(Attachment.IsClosed, this);
        if (!IsPinnable) throw new BpfException(NotPinnable, Errno.EOPNOTSUPP);
        using Lease link = ((BpfFdHandle)Attachment).Lease();
        int error = LibBpf.bpf_obj_pin(link.Fd, path);
        if (error < 0)
            throw BpfErrors.PinFailure(error, $"Pinning the link of '{ProgramName}' on interface '{InterfaceName}' at '{path}'", path);
        PinPath = path;
    }

    /// <summary>Removes the pin; once the link is also disposed, the program is detached.</summary>
    public void Unpin()
    {
        if (PinPath is null) return;
        System.IO.File.Delete(PinPath);
        PinPath = null;
    }

    /// <summary>Whether the attachment is a BPF link (the only kind that can be pinned).</summary>
    private protected abstract bool IsPinnable { get; }

    /// <summary>Why <see cref="Pin"/> cannot pin this attachment, for its exception.</summary>
    private protected abstract string NotPinnable { get; }

    /// <summary>Records that <paramref name="program"/> now runs in place of the previous one.</summary>
    private protected void Replaced(BpfProgram program)
    {
        ProgramName = program.Name;
        ProgramId = program.Id;
    }
}
