using System;
using System.Collections.Concurrent;

namespace CodeFirstBpf.Tests.Support;

/// <summary>
/// What each <see cref="KernelFeature"/> needs and how to ask the kernel for it. Every probe does the
/// smallest thing that works only with the feature, the way cilium/ebpf's feature probes do.
/// </summary>
internal static class KernelFeatures
{
    private const uint MapTypeRingBuf = 27;
    private const uint ProgTypeSchedCls = 3;
    private const uint AttachTcxIngress = 46;
    private const int LoopbackIfIndex = 1; // lo is interface 1 in every network namespace
    private const int TcxNext = -1;        // hand the packet on as if nothing were attached

    private static readonly ConcurrentDictionary<KernelFeature, string?> s_probed = new();

    /// <summary>The first kernel release that has <paramref name="feature"/>.</summary>
    public static Version Since(KernelFeature feature) => feature switch
    {
        KernelFeature.RingBuffer => new Version(5, 8),
        KernelFeature.Tcx => new Version(6, 6),
        _ => throw new ArgumentOutOfRangeException(nameof(feature), feature, null),
    };

    /// <summary>Why <paramref name="feature"/> does not work here, or null when it does (asked once per process).</summary>
    public static string? Probe(KernelFeature feature) => s_probed.GetOrAdd(feature, f => f switch
    {
        KernelFeature.RingBuffer => Errno("creating a ring buffer map", BpfSyscall.TryCreateMap(MapTypeRingBuf, 0, 0, 4096)),
        KernelFeature.Tcx => ProbeTcx(),
        _ => throw new ArgumentOutOfRangeException(nameof(feature), feature, null),
    });

    private static string? ProbeTcx()
    {
        int program = BpfSyscall.LoadTrivialProgram(ProgTypeSchedCls, TcxNext);
        if (program < 0)
            return Errno("loading a TC program", -program);
        try
        {
            // Closing the only descriptor of an unpinned link detaches it again.
            return Errno("attaching a TCX link to lo", BpfSyscall.TryCreateLink(program, LoopbackIfIndex, AttachTcxIngress));
        }
        finally
        {
            BpfSyscall.Close(program);
        }
    }

    private static string? Errno(string what, int errno) => errno == 0 ? null : $"{what} failed with errno {errno}";
}
