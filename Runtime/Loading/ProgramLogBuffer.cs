using System;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime.Loading;

/// <summary>
/// One program's verifier log buffer, in native memory so it stays put while libbpf and the
/// kernel write to it during <c>bpf_object__load</c>.
/// </summary>
internal sealed unsafe class ProgramLogBuffer : IDisposable
{
    private byte* buffer;
    private readonly int size;

    private ProgramLogBuffer(string programName, int size)
    {
        ProgramName = programName;
        this.size = size;
        buffer = (byte*)NativeMemory.AllocZeroed((nuint)size);
    }

    internal string ProgramName { get; }

    internal bool HasText => buffer != null && buffer[0] != 0;

    internal string Text => buffer == null ? "" : Marshal.PtrToStringUTF8((nint)buffer, Length) ?? "";

    private int Length => new ReadOnlySpan<byte>(buffer, size).IndexOf((byte)0) is var end and >= 0 ? end : size;

    internal static ProgramLogBuffer Attach(nint prog, int size, uint level)
    {
        var log = new ProgramLogBuffer(ObjectLoader.FromUtf8z(LibBpf.bpf_program__name(prog)) ?? "?", size);
        int error = LibBpf.bpf_program__set_log_buf(prog, log.buffer, (nuint)size);
        if (error == 0)
            error = LibBpf.bpf_program__set_log_level(prog, level);
        if (error < 0)
        {
            log.Dispose();
            throw BpfErrors.FromErrno(error, $"Setting up the verifier log of program '{log.ProgramName}'");
        }
        return log;
    }

    public void Dispose()
    {
        NativeMemory.Free(buffer);
        buffer = null;
    }
}
