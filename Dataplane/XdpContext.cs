using System.Runtime.InteropServices;

namespace CodeFirstBpf;

/// <summary>
/// The context of an XDP program, over the kernel's <c>struct xdp_md</c>.
/// In BPF code every property is a context access; in .NET it reads an <see cref="XdpMetadata"/>.
/// </summary>
public readonly unsafe struct XdpContext
{
    private readonly XdpMetadata* _md;

    /// <summary>Wraps managed-side metadata, for running a program as .NET code.</summary>
    public XdpContext(XdpMetadata* metadata) => _md = metadata;

    /// <summary>First byte of the frame (<c>xdp_md.data</c>).</summary>
    public byte* Data => _md->Data;

    /// <summary>One past the last byte of the frame (<c>xdp_md.data_end</c>).</summary>
    public byte* DataEnd => _md->DataEnd;

    /// <summary>Start of the metadata area before <see cref="Data"/> (<c>xdp_md.data_meta</c>).</summary>
    public byte* DataMeta => _md->DataMeta;

    /// <summary>Index of the interface the frame arrived on.</summary>
    public uint IngressIfIndex => _md->IngressIfIndex;

    /// <summary>Receive queue the frame arrived on.</summary>
    public uint RxQueueIndex => _md->RxQueueIndex;

    /// <summary>Egress interface index (devmap programs only).</summary>
    public uint EgressIfIndex => _md->EgressIfIndex;
}

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
}
