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
    private byte* _buffer;
    private readonly int _size;

    private ProgramLogBuffer(string programName, int size)
    {
        ProgramName = programName;
        _size = size;
        _buffer = (byte*)NativeMemory.AllocZeroed((nuint)size);
    }

    internal string ProgramName { get; }

    internal bool HasText => _buffer != null && _buffer[0] != 0;

    internal string Text => _buffer == null ? "" : Marshal.PtrToStringUTF8((nint)_buffer, Length) ?? "";

    private int Length => new ReadOnlySpan<byte>(_buffer, _size).IndexOf((byte)0) is var end and >= 0 ? end : _size;

    internal static ProgramLogBuffer Attach(nint prog, int size, uint level)
    {
        var log = new ProgramLogBuffer(ObjectLoader.FromUtf8z(LibBpf.bpf_program__name(prog)) ?? "?", size);
        int error = LibBpf.bpf_program__set_log_buf(prog, log._buffer, (nuint)size);
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
        NativeMemory.Free(_buffer);
        _buffer = null;
    }
}
