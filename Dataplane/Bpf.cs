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

    /// <summary><c>bpf_ktime_get_ns</c>: monotonic time in nanoseconds (in .NET, <see cref="Testing.TestClock"/> when set).</summary>
    [BpfHelper(5)]
    public static ulong KtimeGetNs()
        => Testing.TestClock.Now ?? (ulong)((Stopwatch.GetTimestamp() - s_start) * (1_000_000_000.0 / Stopwatch.Frequency));

    /// <summary><c>bpf_get_prandom_u32</c>: a pseudo-random 32-bit number.</summary>
    [BpfHelper(7)]
    public static uint GetPrandomU32() => (uint)Random.Shared.Next() ^ ((uint)Random.Shared.Next() << 1);

    /// <summary><c>bpf_get_smp_processor_id</c>: the current CPU.</summary>
    [BpfHelper(8)]
    public static uint GetSmpProcessorId() => (uint)Thread.GetCurrentProcessorId();

    /// <summary><c>bpf_trace_printk</c> with a constant format and no argument.</summary>
    [BpfHelper(6)]
    public static long Printk(string format) => Trace(format);

    /// <summary><c>bpf_trace_printk</c> with one integer argument.</summary>
    [BpfHelper(6)]
    public static long Printk<T0>(string format, T0 a0) where T0 : unmanaged => Trace(format, a0);

    /// <summary><c>bpf_trace_printk</c> with two integer arguments.</summary>
    [BpfHelper(6)]
    public static long Printk<T0, T1>(string format, T0 a0, T1 a1)
        where T0 : unmanaged where T1 : unmanaged => Trace(format, a0, a1);

    /// <summary><c>bpf_trace_printk</c> with three integer arguments.</summary>
    [BpfHelper(6)]
    public static long Printk<T0, T1, T2>(string format, T0 a0, T1 a1, T2 a2)
        where T0 : unmanaged where T1 : unmanaged where T2 : unmanaged => Trace(format, a0, a1, a2);

    /// <summary>
    /// <c>bpf_loop</c> (kernel 5.17): calls <paramref name="body"/> with 0, 1, … up to
    /// <paramref name="count"/> − 1 and the shared <paramref name="state"/>, without the verifier
    /// walking every iteration, so counts far beyond what a bounded loop allows are fine. The body
    /// is a static method (<c>&amp;Body</c>); returning non-zero stops the loop. Returns the number
    /// of iterations run.
    /// </summary>
    [BpfHelper(181)]
    public static unsafe long Loop<TState>(uint count, delegate*<uint, ref TState, long> body, ref TState state) where TState : unmanaged
    {
        for (uint i = 0; i < count; i++)
        {
            if (body(i, ref state) != 0) return i + 1;
        }
        return count;
    }

    /// <summary>
    /// <c>bpf_redirect</c> (kernel 4.4 for TC, 4.14 for XDP): sends the packet out of (or, with flag
    /// <c>BPF_F_INGRESS</c> = 1 on TC, into) interface <paramref name="ifIndex"/>. Return the result
    /// from the program: <c>TC_ACT_REDIRECT</c> (7) or <c>XDP_REDIRECT</c> (4) on success,
    /// <c>TC_ACT_SHOT</c>/<c>XDP_ABORTED</c> for bad flags. In .NET: 7, or 2 for bad flags.
    /// </summary>
    [BpfHelper(23, Programs = BpfProgramKinds.Xdp | BpfProgramKinds.Tc)]
    public static long Redirect(uint ifIndex, ulong flags) => (flags & ~1UL) != 0 ? 2 : 7;

    /// <summary>
    /// <c>bpf_sk_release</c> (kernel 4.20): drops the reference a socket lookup
    /// (<see cref="SockMap.Lookup"/>) took; the verifier wants it on every path. In .NET it does nothing.
    /// </summary>
    [BpfHelper(86, Programs = BpfProgramKinds.SkLookup | BpfProgramKinds.Tc | BpfProgramKinds.Xdp | BpfProgramKinds.CgroupSkb | BpfProgramKinds.CgroupSockAddr)]
    public static unsafe long SkRelease(BpfSock* socket) => 0;

    /// <summary>
    /// <c>bpf_csum_diff</c> (kernel 4.6): the one's-complement sum of the 32-bit words at
    /// <paramref name="to"/> minus those at <paramref name="from"/>, added to <paramref name="seed"/>,
    /// folded to 16 bits (not inverted). Sizes are multiples of 4 (at most 512 bytes together);
    /// otherwise <c>-EINVAL</c>. Feed the result to <c>L3CsumReplace</c>/<c>L4CsumReplace</c> with size 0.
    /// </summary>
    [BpfHelper(28, Programs = BpfProgramKinds.Xdp | BpfProgramKinds.Tc)]
    public static unsafe long CsumDiff(void* from, uint fromSize, void* to, uint toSize, uint seed)
    {
        if (((fromSize | toSize) & 3) != 0 || (ulong)fromSize + toSize > 512) return -Errno.EINVAL;
        ulong sum = seed;
        for (uint i = 0; i < fromSize / 4; i++) sum += ~((uint*)from)[i];
        for (uint i = 0; i < toSize / 4; i++) sum += ((uint*)to)[i];
        while ((sum >> 32) != 0) sum = (sum & 0xFFFFFFFF) + (sum >> 32);
        return Checksums.From32To16((uint)sum);
    }

    private static long Trace(string format, params object[] args)
    {
        string line = format + (args.Length == 0 ? "" : " [" + string.Join(", ", args) + "]");
        System.Diagnostics.Trace.WriteLine(line);
        return line.Length;
    }
}
