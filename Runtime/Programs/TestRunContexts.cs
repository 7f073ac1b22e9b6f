namespace CodeFirstBpf.Runtime;

/// <summary>
/// The <c>struct __sk_buff</c> fields a TC test run may start with (the kernel refuses the rest),
/// and, in <see cref="TcTestRunResult.Context"/>, the values the program left in them.
/// </summary>
public readonly record struct TcTestRunContext
{
    /// <summary><c>skb->mark</c>.</summary>
    public uint Mark { get; init; }

    /// <summary><c>skb->priority</c>.</summary>
    public uint Priority { get; init; }

    /// <summary><c>skb->ingress_ifindex</c>.</summary>
    public int IngressInterfaceIndex { get; init; }

    /// <summary><c>skb->ifindex</c>: the packet's device, which must exist (0 or 1 = loopback).</summary>
    public int InterfaceIndex { get; init; }
}

/// <summary>The <c>struct xdp_md</c> fields an XDP test run may start with.</summary>
public readonly record struct XdpTestRunContext
{
    /// <summary><c>ctx->ingress_ifindex</c>: the receiving device, which must exist (0 = none).</summary>
    public int IngressInterfaceIndex { get; init; }

    /// <summary><c>ctx->rx_queue_index</c>: a receive queue of that device.</summary>
    public uint RxQueueIndex { get; init; }
}
