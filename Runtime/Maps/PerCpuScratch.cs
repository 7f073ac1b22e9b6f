using System;
using System.Buffers;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// Room for one lookup's per-CPU values: the caller's stack buffer when it is big enough,
/// a pooled array otherwise, so per-CPU reads and writes do not allocate.
/// </summary>
internal ref struct PerCpuScratch
{
    private byte[]? rented;

    internal PerCpuScratch(Span<byte> stack, int size)
    {
        if (size <= stack.Length)
        {
            Bytes = stack[..size];
        }
        else
        {
            rented = ArrayPool<byte>.Shared.Rent(size);
            Bytes = rented.AsSpan(0, size);
        }
    }

    internal Span<byte> Bytes { get; }

    public void Dispose()
    {
        if (rented is not null)
            ArrayPool<byte>.Shared.Return(rented);
        rented = null;
    }
}
