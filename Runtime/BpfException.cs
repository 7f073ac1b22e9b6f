using System;
using System.Collections.Generic;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// Any failure of the runtime: loading, attaching, map access. The message is one actionable
/// sentence; <see cref="Errno"/> and <see cref="LibbpfLog"/> carry the facts behind it.
/// </summary>
public class BpfException : Exception
{
    /// <summary>Creates an exception without an errno.</summary>
    public BpfException() { }

    /// <summary>Creates an exception with a message.</summary>
    public BpfException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public BpfException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for a failed call that reported <paramref name="errno"/>.</summary>
    public BpfException(string message, int errno) : base(message) => Errno = errno;

    /// <summary>Creates an exception with the libbpf messages printed while the call ran.</summary>
    public BpfException(string message, int errno, IReadOnlyList<string> libbpfLog) : base(message)
    {
        Errno = errno;
        LibbpfLog = libbpfLog;
    }

    /// <summary>The positive errno the kernel or libbpf reported (<c>EPERM</c> = 1, …), or 0.</summary>
    public int Errno { get; }

    /// <summary>The warning lines libbpf printed while the failing call ran (often empty).</summary>
    public IReadOnlyList<string> LibbpfLog { get; } = [];
}
