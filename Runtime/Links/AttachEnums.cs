namespace CodeFirstBpf.Runtime;

/// <summary>Where in the receive path an XDP program runs.</summary>
public enum XdpMode
{
    /// <summary>In the kernel's generic receive path (<c>XDP_FLAGS_SKB_MODE</c>): works with every driver, slower.</summary>
    Generic,
    /// <summary>In the driver (<c>XDP_FLAGS_DRV_MODE</c>): fast; the driver must support XDP.</summary>
    Native,
    /// <summary>On the NIC (<c>XDP_FLAGS_HW_MODE</c>): only for NICs that offload BPF.</summary>
    Offload,
}

/// <summary>The TC hook a program attaches to.</summary>
public enum TcDirection
{
    /// <summary>Packets the interface receives.</summary>
    Ingress,
    /// <summary>Packets the interface sends.</summary>
    Egress,
}

/// <summary>How a TC program is attached.</summary>
public enum TcAttachMode
{
    /// <summary>
    /// TCX when the installed libbpf knows it (exports <c>bpf_program__attach_tcx</c>, libbpf 1.3+),
    /// otherwise a clsact filter.
    /// </summary>
    Auto,
    /// <summary>A TCX BPF link (kernel 6.6): detaches by itself when the process exits.</summary>
    Tcx,
    /// <summary>A direct-action filter on the <c>clsact</c> qdisc, created when missing (kernel 4.5).</summary>
    Clsact,
}
