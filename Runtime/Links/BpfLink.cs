using System;
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

    /// <summary>Detaches the program. Calling it again does nothing.</summary>
    public void Dispose()
    {
        AttachmentRegistry.Remove(_link);
        _link.Dispose();
    }
}
