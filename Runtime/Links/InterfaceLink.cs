using System;
using System.Runtime.InteropServices;

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

    /// <summary>Records that <paramref name="program"/> now runs in place of the previous one.</summary>
    private protected void Replaced(BpfProgram program)
    {
        ProgramName = program.Name;
        ProgramId = program.Id;
    }
}
