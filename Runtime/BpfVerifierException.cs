using System;
using System.Collections.Generic;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// The kernel's verifier rejected a program. <see cref="Log"/> holds the complete verifier log:
/// the runtime grows its log buffer and loads again until the log fits.
/// </summary>
public sealed class BpfVerifierException : BpfException
{
    internal BpfVerifierException(string message, int errno, IReadOnlyList<string> libbpfLog, VerifierLog log)
        : base(message, errno, libbpfLog)
    {
        ProgramName = log.ProgramName;
        Log = log.Text;
        LogLines = log.Lines;
        VerifierMessage = log.Message;
        SourceLocation = log.SourceLocation;
        SourceLine = log.SourceLine;
        Hint = log.Hint;
    }

    /// <summary>The full ELF name of the rejected program.</summary>
    public string ProgramName { get; }

    /// <summary>The verifier log, complete.</summary>
    public string Log { get; }

    /// <summary>The verifier log split into lines.</summary>
    public IReadOnlyList<string> LogLines { get; }

    /// <summary>The verifier's complaint: the lines after the last instruction it checked.</summary>
    public string VerifierMessage { get; }

    /// <summary>
    /// <c>file:line</c> of the last source line the verifier reached (from BTF line info), or null
    /// when the object carries no line info.
    /// </summary>
    public string? SourceLocation { get; }

    /// <summary>The source text of <see cref="SourceLocation"/>, or null.</summary>
    public string? SourceLine { get; }

    /// <summary>The likely fix for well-known verifier complaints, or null.</summary>
    public string? Hint { get; }
}
