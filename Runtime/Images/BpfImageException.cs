using System;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// A bytecode image that cannot be used: a digest that does not match its content, a missing
/// <c>io.ebpf.*</c> label, a layer without a BPF object, or a registry that refused a request.
/// The message names the image and what to do.
/// </summary>
public sealed class BpfImageException : BpfException
{
    /// <summary>Creates the exception.</summary>
    public BpfImageException(string message) : base(message, CodeFirstBpf.Errno.EINVAL) { }

    /// <summary>Creates the exception with its cause (an HTTP or I/O failure).</summary>
    public BpfImageException(string message, Exception innerException) : base(message, innerException) { }
}
