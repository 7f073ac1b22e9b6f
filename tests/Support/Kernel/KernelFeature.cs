namespace CodeFirstBpf.Tests.Support;

/// <summary>A kernel capability some tests need beyond a working <c>bpf()</c>, with the release that added it.</summary>
internal enum KernelFeature
{
    /// <summary><c>BPF_MAP_TYPE_RINGBUF</c>, Linux 5.8.</summary>
    RingBuffer,

    /// <summary>TCX: TC programs attached as BPF links (<c>BPF_TCX_INGRESS</c>), Linux 6.6.</summary>
    Tcx,
}
