using System;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// Pins the calling thread to the CPU it is on (or to a given one), for a scope. <c>BPF_PROG_TEST_RUN</c> runs on the
/// calling CPU, so without this a per-CPU map of the C# run and of the clang run could hold the
/// same totals split differently over the CPUs.
/// </summary>
public sealed unsafe class CpuPinning : IDisposable
{
    private const int MaskBytes = 128;
    private readonly byte[] _previous = new byte[MaskBytes];
    private readonly bool _pinned;

    private CpuPinning(int? target)
    {
        fixed (byte* old = _previous)
        {
            if (sched_getaffinity(0, MaskBytes, old) != 0) return;
        }
        int cpu = target ?? sched_getcpu();
        if (cpu < 0 || cpu >= MaskBytes * 8) return;
        byte* mask = stackalloc byte[MaskBytes];
        new Span<byte>(mask, MaskBytes).Clear();
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        _pinned = sched_setaffinity(0, MaskBytes, mask) == 0;
    }

    /// <summary>The CPU the thread stays on until disposal.</summary>
    public int Cpu => sched_getcpu();

    /// <summary>Pins the calling thread until the result is disposed.</summary>
    public static CpuPinning ToCurrentCpu() => new(null);

    /// <summary>Pins the calling thread to <paramref name="cpu"/> until the result is disposed.</summary>
    /// <exception cref="InvalidOperationException">The thread may not run there (offline, or outside its cpuset).</exception>
    public static CpuPinning ToCpu(int cpu)
    {
        var pinning = new CpuPinning(cpu);
        if (pinning._pinned && sched_getcpu() == cpu) return pinning;
        pinning.Dispose();
        throw new InvalidOperationException($"Cannot pin this thread to CPU {cpu}.");
    }

    /// <summary>The CPUs the calling thread may run on now (its affinity).</summary>
    public static int[] Allowed()
    {
        byte* mask = stackalloc byte[MaskBytes];
        if (sched_getaffinity(0, MaskBytes, mask) != 0) return [sched_getcpu()];
        var cpus = new System.Collections.Generic.List<int>();
        for (int cpu = 0; cpu < MaskBytes * 8; cpu++)
            if ((mask[cpu / 8] & (1 << (cpu % 8))) != 0) cpus.Add(cpu);
        return cpus.ToArray();
    }

    /// <summary>Restores the thread's previous affinity.</summary>
    public void Dispose()
    {
        if (!_pinned) return;
        fixed (byte* old = _previous)
            _ = sched_setaffinity(0, MaskBytes, old);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_getaffinity(int pid, nuint size, byte* mask);

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setaffinity(int pid, nuint size, byte* mask);

    [DllImport("libc")]
    private static extern int sched_getcpu();
}
