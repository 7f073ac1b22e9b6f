using System;
using System.Diagnostics;
using System.Threading;

namespace CodeFirstBpf;

/// <summary>
/// BPF helper functions. In BPF code each call lowers to the kernel helper named in its doc;
/// in .NET each has a managed stand-in.
/// </summary>
public static class Bpf
{
    private static readonly long s_start = Stopwatch.GetTimestamp();

    /// <summary><c>bpf_ktime_get_ns</c>: monotonic time in nanoseconds.</summary>
    public static ulong KtimeGetNs()
        => (ulong)((Stopwatch.GetTimestamp() - s_start) * (1_000_000_000.0 / Stopwatch.Frequency));

    /// <summary><c>bpf_get_prandom_u32</c>: a pseudo-random 32-bit number.</summary>
    public static uint GetPrandomU32() => (uint)Random.Shared.Next() ^ ((uint)Random.Shared.Next() << 1);

    /// <summary><c>bpf_get_smp_processor_id</c>: the current CPU.</summary>
    public static uint GetSmpProcessorId() => (uint)Thread.GetCurrentProcessorId();

    /// <summary><c>bpf_trace_printk</c> with a constant format and no argument.</summary>
    public static long Printk(string format) => Trace(format);

    /// <summary><c>bpf_trace_printk</c> with one integer argument.</summary>
    public static long Printk<T0>(string format, T0 a0) where T0 : unmanaged => Trace(format, a0);

    /// <summary><c>bpf_trace_printk</c> with two integer arguments.</summary>
    public static long Printk<T0, T1>(string format, T0 a0, T1 a1)
        where T0 : unmanaged where T1 : unmanaged => Trace(format, a0, a1);

    /// <summary><c>bpf_trace_printk</c> with three integer arguments.</summary>
    public static long Printk<T0, T1, T2>(string format, T0 a0, T1 a1, T2 a2)
        where T0 : unmanaged where T1 : unmanaged where T2 : unmanaged => Trace(format, a0, a1, a2);

    private static long Trace(string format, params object[] args)
    {
        string line = format + (args.Length == 0 ? "" : " [" + string.Join(", ", args) + "]");
        System.Diagnostics.Trace.WriteLine(line);
        return line.Length;
    }
}
