using System;

namespace CodeFirstBpf;

/// <summary>
/// The flags of <see cref="TcContext.L4CsumReplace(uint, uint, uint, uint, CsumFlags)"/> and
/// <see cref="TcContext.L3CsumReplace(uint, uint, uint, uint, CsumFlags)"/>: the kernel's
/// <c>BPF_F_*</c> values, OR-ed with the field size into the helper's <c>flags</c> argument.
/// </summary>
[Flags]
public enum CsumFlags
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary><c>BPF_F_PSEUDO_HDR</c>: the changed field is part of the pseudo-header (an IP address).</summary>
    PseudoHeader = 0x10,
    /// <summary>
    /// <c>BPF_F_MARK_MANGLED_0</c> (UDP): a checksum of 0 means "none" and is left alone, and a
    /// result that folds to 0 is written as <c>0xFFFF</c> (<c>CSUM_MANGLED_0</c>).
    /// </summary>
    MarkMangled0 = 0x20,
    /// <summary><c>BPF_F_MARK_ENFORCE</c>: with <see cref="MarkMangled0"/>, a checksum of 0 is updated too.</summary>
    MarkEnforce = 0x40,
}
