using System;
using System.IO;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>A socket-lookup program attached to a network namespace through a BPF link.</summary>
public sealed class NetnsLink : BpfLink
{
    private NetnsLink(BpfFdHandle link, SkLookupProgram program, string netnsPath) : base(link, program) => NetnsPath = netnsPath;

    /// <summary>The namespace file the program is attached to (<c>/proc/self/ns/net</c>, <c>/run/netns/NAME</c>).</summary>
    public string NetnsPath { get; }

    /// <inheritdoc />
    public override string ToString() => $"{ProgramName} on netns {NetnsPath}{(IsAttached ? "" : " (detached)")}";

    internal static NetnsLink Attach(SkLookupProgram program, string netnsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(netnsPath);
        string what = $"Attaching sk_lookup program '{program.Name}' to network namespace '{netnsPath}'";
        const string give = "give a namespace file such as /proc/self/ns/net or /run/netns/NAME";
        if (!File.Exists(netnsPath))
            throw new BpfException($"{what} failed: the file does not exist; {give}.", Errno.ENOENT);
        BpfFdHandle link = Create(program, netnsPath, what, errno => errno == Errno.EINVAL ? $"it is not a network namespace file; {give}" : null);
        return new NetnsLink(link, program, netnsPath);
    }
}
