using System;
using System.Buffers;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// Room for one lookup's per-CPU values: the caller's stack buffer when it is big enough,
/// a pooled array otherwise, so per-CPU reads and writes do not allocate.
/// </summary>
internal ref struct PerCpuScratch
{
    private byte[]? _rented;

    internal PerCpuScratch(Span<byte> stack, int size)
    {
        if (size <= stack.Length)
        {
            Bytes = stack[..size];
        }
        else
        {
            _rented = ArrayPool<byte>.Shared.Rent(size);
            Bytes = _rented.AsSpan(0, size);
        }
    }

    internal Span<byte> Bytes { get; }

    public void Dispose()
    {
        if (_rented is not null)
            ArrayPool<byte>.Shared.Return(_rented);
        _rented = null;
    }
}
