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

    private static int s_possibleCpus;

    internal static int PossibleCpus
    {
        get
        {
            int count = Volatile.Read(ref s_possibleCpus);
            if (count > 0)
                return count;
            count = LibBpf.libbpf_num_possible_cpus();
            if (count <= 0)
                throw BpfErrors.FromErrno(count == 0 ? Errno.EINVAL : count, "Reading the number of possible CPUs from /sys/devices/system/cpu/possible");
            Volatile.Write(ref s_possibleCpus, count);
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

    /// <summary>
    /// The sum of the per-CPU values in <paramref name="raw"/> for a value type the map classes
    /// cannot constrain to <see cref="INumber{TSelf}"/> (their values may be structs). Each
    /// <c>typeof</c> test is a constant when the JIT specialises this for a value type, so every
    /// instantiation keeps one branch and nothing boxes.
    /// </summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a built-in number.</exception>
    internal static T SumNumbers<T>(ReadOnlySpan<byte> raw, string mapName) where T : unmanaged
    {
        if (typeof(T) == typeof(ulong)) return As<ulong, T>(Sum<ulong>(raw));
        if (typeof(T) == typeof(long)) return As<long, T>(Sum<long>(raw));
        if (typeof(T) == typeof(uint)) return As<uint, T>(Sum<uint>(raw));
        if (typeof(T) == typeof(int)) return As<int, T>(Sum<int>(raw));
        if (typeof(T) == typeof(ushort)) return As<ushort, T>(Sum<ushort>(raw));
        if (typeof(T) == typeof(short)) return As<short, T>(Sum<short>(raw));
        if (typeof(T) == typeof(byte)) return As<byte, T>(Sum<byte>(raw));
        if (typeof(T) == typeof(sbyte)) return As<sbyte, T>(Sum<sbyte>(raw));
        if (typeof(T) == typeof(char)) return As<char, T>(Sum<char>(raw));
        if (typeof(T) == typeof(nuint)) return As<nuint, T>(Sum<nuint>(raw));
        if (typeof(T) == typeof(nint)) return As<nint, T>(Sum<nint>(raw));
        if (typeof(T) == typeof(UInt128)) return As<UInt128, T>(Sum<UInt128>(raw));
        if (typeof(T) == typeof(Int128)) return As<Int128, T>(Sum<Int128>(raw));
        if (typeof(T) == typeof(double)) return As<double, T>(Sum<double>(raw));
        if (typeof(T) == typeof(float)) return As<float, T>(Sum<float>(raw));
        if (typeof(T) == typeof(Half)) return As<Half, T>(Sum<Half>(raw));
        if (typeof(T) == typeof(decimal)) return As<decimal, T>(Sum<decimal>(raw));
        throw new NotSupportedException($"Map '{mapName}' holds {typeof(T).Name} values, which are not built-in numbers: read them with GetPerCpu and combine them yourself.");
    }

    private static TTo As<TFrom, TTo>(TFrom value) => Unsafe.As<TFrom, TTo>(ref value);

    private static T Sum<T>(ReadOnlySpan<byte> raw) where T : unmanaged, INumber<T>
    {
        int stride = Stride(Unsafe.SizeOf<T>());
        T sum = T.Zero;
        for (int offset = 0; offset < raw.Length; offset += stride)
            sum += Unsafe.ReadUnaligned<T>(ref Unsafe.AsRef(in raw[offset]));
        return sum;
    }
}
