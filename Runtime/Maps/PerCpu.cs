using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// The kernel's layout of per-CPU values in user space: one value per possible CPU, each
/// rounded up to 8 bytes.
/// </summary>
internal static class PerCpu
{
    /// <summary>Up to this many bytes of per-CPU values are staged on the stack; more use the array pool.</summary>
    internal const int StackLimit = 1024;

    private static int possibleCpus;

    internal static int PossibleCpus
    {
        get
        {
            int count = Volatile.Read(ref possibleCpus);
            if (count > 0)
                return count;
            count = LibBpf.libbpf_num_possible_cpus();
            if (count <= 0)
                throw BpfErrors.FromErrno(count == 0 ? Errno.EINVAL : count, "Reading the number of possible CPUs from /sys/devices/system/cpu/possible");
            Volatile.Write(ref possibleCpus, count);
            return count;
        }
    }

    internal static int Stride(int valueSize) => (valueSize + 7) & ~7;

    internal static int BufferSize<T>() where T : unmanaged => PossibleCpus * Stride(Unsafe.SizeOf<T>());

    internal static void Unpack<T>(ReadOnlySpan<byte> raw, Span<T> destination) where T : unmanaged
    {
        int stride = Stride(Unsafe.SizeOf<T>());
        for (int cpu = 0; cpu < destination.Length; cpu++)
            destination[cpu] = Unsafe.ReadUnaligned<T>(ref Unsafe.AsRef(in raw[cpu * stride]));
    }

    internal static void Pack<T>(ReadOnlySpan<T> values, Span<byte> raw) where T : unmanaged
    {
        int stride = Stride(Unsafe.SizeOf<T>());
        raw.Clear();
        for (int cpu = 0; cpu < values.Length; cpu++)
            Unsafe.WriteUnaligned(ref raw[cpu * stride], values[cpu]);
    }

    internal static void Fill<T>(in T value, Span<byte> raw) where T : unmanaged
    {
        int stride = Stride(Unsafe.SizeOf<T>());
        raw.Clear();
        for (int offset = 0; offset < raw.Length; offset += stride)
            Unsafe.WriteUnaligned(ref raw[offset], value);
    }

    internal static T Sum<T>(ReadOnlySpan<byte> raw) where T : unmanaged, INumber<T>
    {
        int stride = Stride(Unsafe.SizeOf<T>());
        T sum = T.Zero;
        for (int offset = 0; offset < raw.Length; offset += stride)
            sum += Unsafe.ReadUnaligned<T>(ref Unsafe.AsRef(in raw[offset]));
        return sum;
    }
}
