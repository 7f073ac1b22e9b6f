using System.Runtime.InteropServices;

namespace CodeFirstBpf;

/// <summary>The .NET stand-in for <c>struct xdp_md</c>, with real pointers.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct XdpMetadata
{
    /// <summary>First byte of the frame.</summary>
    public byte* Data;
    /// <summary>One past the last byte.</summary>
    public byte* DataEnd;
    /// <summary>Metadata area start.</summary>
    public byte* DataMeta;
    /// <summary>Ingress interface index.</summary>
    public uint IngressIfIndex;
    /// <summary>Receive queue index.</summary>
    public uint RxQueueIndex;
    /// <summary>Egress interface index.</summary>
    public uint EgressIfIndex;
    /// <summary>.NET only: the first byte of headroom <see cref="XdpContext.AdjustHead"/> may grow into (null: none).</summary>
    public byte* DataHardStart;
    /// <summary>.NET only: one past the last byte <see cref="XdpContext.AdjustTail"/> may grow into (null: none).</summary>
    public byte* DataHardEnd;
}
