using System;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// Pins the calling thread to the CPU it is on, for a scope. <c>BPF_PROG_TEST_RUN</c> runs on the
/// calling CPU, so without this a per-CPU map of the C# run and of the clang run could hold the
/// same totals split differently over the CPUs.
/// </summary>
public sealed unsafe class CpuPinning : IDisposable
{
    private const int MaskBytes = 128;
    private readonly byte[] _previous = new byte[MaskBytes];
    private readonly bool _pinned;

    private CpuPinning()
    {
        fixed (byte* old = _previous)
        {
            if (sched_getaffinity(0, MaskBytes, old) != 0) return;
        }
        int cpu = sched_getcpu();
        if (cpu < 0 || cpu >= MaskBytes * 8) return;
        byte* mask = stackalloc byte[MaskBytes];
        new Span<byte>(mask, MaskBytes).Clear();
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        _pinned = sched_setaffinity(0, MaskBytes, mask) == 0;
    }

    /// <summary>The CPU the thread stays on until disposal.</summary>
    public int Cpu => sched_getcpu();

    /// <summary>Pins the calling thread until the result is disposed.</summary>
    public static CpuPinning ToCurrentCpu() => new();

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
