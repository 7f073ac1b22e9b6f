using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>A socket-lookup program (<c>BPF_PROG_TYPE_SK_LOOKUP</c>, kernel 5.9): picks the socket a packet is delivered to.</summary>
public sealed class SkLookupProgram : BpfProgram
{
    internal SkLookupProgram(string name, string sectionName, uint programType, BpfFdHandle handle, string verifierLog)
        : base(name, sectionName, programType, handle, verifierLog) { }

    /// <summary>
    /// Attaches the program to a network namespace with a BPF link: from now on every lookup of a
    /// listening (TCP) or unconnected (UDP) socket there runs it. Dispose the returned link to detach.
    /// </summary>
    /// <param name="netnsPath">The namespace file; this process's namespace by default.</param>
    /// <exception cref="BpfException">The path is not a namespace file, or the kernel refused.</exception>
    public NetnsLink AttachSkLookup(string netnsPath = "/proc/self/ns/net") => NetnsLink.Attach(this, netnsPath);
}
