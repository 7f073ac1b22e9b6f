namespace CodeFirstBpf;

/// <summary>
/// The context of an XDP program, over the kernel's <c>struct xdp_md</c>.
/// In BPF code every property is a context access; in .NET it reads an <see cref="XdpMetadata"/>.
/// </summary>
[BpfContext("xdp_md", 24, BpfProgramKinds.Xdp)]
public readonly unsafe struct XdpContext
{
    private readonly XdpMetadata* _md;

    /// <summary>Wraps managed-side metadata, for running a program as .NET code.</summary>
    public XdpContext(XdpMetadata* metadata) => _md = metadata;

    /// <summary>First byte of the frame (<c>xdp_md.data</c>).</summary>
    [BpfContextField("data", 0)]
    public byte* Data => _md->Data;

    /// <summary>One past the last byte of the frame (<c>xdp_md.data_end</c>).</summary>
    [BpfContextField("data_end", 4)]
    public byte* DataEnd => _md->DataEnd;

    /// <summary>Start of the metadata area before <see cref="Data"/> (<c>xdp_md.data_meta</c>).</summary>
    [BpfContextField("data_meta", 8)]
    public byte* DataMeta => _md->DataMeta;

    /// <summary>Index of the interface the frame arrived on.</summary>
    [BpfContextField("ingress_ifindex", 12)]
    public uint IngressIfIndex => _md->IngressIfIndex;

    /// <summary>Receive queue the frame arrived on.</summary>
    [BpfContextField("rx_queue_index", 16)]
    public uint RxQueueIndex => _md->RxQueueIndex;

    /// <summary>Egress interface index (devmap programs only).</summary>
    [BpfContextField("egress_ifindex", 20, Programs = BpfProgramKinds.None)]
    public uint EgressIfIndex => _md->EgressIfIndex;

    private const long EthHeaderLength = 14;

    /// <summary>
    /// <c>bpf_xdp_adjust_head</c> (kernel 4.10): moves the start of the frame by <paramref name="delta"/>
    /// bytes (negative grows the frame into the headroom, positive trims it). 0 or a negative errno.
    /// Every packet pointer checked before the call must be checked again.
    /// In .NET the headroom ends at <see cref="XdpMetadata.DataHardStart"/> (or the metadata start).
    /// </summary>
    [BpfHelper(44, ChangesPacketData = true)]
    public long AdjustHead(int delta)
    {
        byte* data = _md->Data + delta;
        byte* start = _md->DataHardStart != null ? _md->DataHardStart + (_md->Data - _md->DataMeta) : _md->DataMeta;
        if (data < start || data > _md->DataEnd - EthHeaderLength) return -Errno.EINVAL;
        long metaLength = _md->Data - _md->DataMeta;
        if (metaLength > 0) System.Buffer.MemoryCopy(_md->DataMeta, _md->DataMeta + delta, metaLength, metaLength);
        _md->DataMeta += delta;
        _md->Data = data;
        return 0;
    }

    /// <summary>
    /// <c>bpf_xdp_adjust_tail</c> (kernel 4.18; growing since 5.8): moves the end of the frame by
    /// <paramref name="delta"/> bytes. 0 or a negative errno. Every packet pointer checked before the
    /// call must be checked again. In .NET the tailroom ends at <see cref="XdpMetadata.DataHardEnd"/>.
    /// </summary>
    [BpfHelper(65, ChangesPacketData = true)]
    public long AdjustTail(int delta)
    {
        byte* end = _md->DataEnd + delta;
        byte* hardEnd = _md->DataHardEnd != null ? _md->DataHardEnd : _md->DataEnd;
        if (end > hardEnd || end < _md->Data + EthHeaderLength) return -Errno.EINVAL;
        if (delta > 0) new System.Span<byte>(_md->DataEnd, delta).Clear();
        _md->DataEnd = end;
        return 0;
    }

    /// <summary>
    /// <c>bpf_xdp_adjust_meta</c> (kernel 4.15): moves the start of the metadata area before
    /// <see cref="Data"/> by <paramref name="delta"/> bytes; its size must stay a multiple of 4.
    /// 0 or a negative errno. Pointers into the metadata must be checked again.
    /// </summary>
    [BpfHelper(54, ChangesPacketData = true)]
    public long AdjustMeta(int delta)
    {
        byte* meta = _md->DataMeta + delta;
        byte* start = _md->DataHardStart != null ? _md->DataHardStart : _md->Data;
        if (meta < start || meta > _md->Data) return -Errno.EINVAL;
        if (((_md->Data - meta) & 3) != 0) return -Errno.EACCES;
        _md->DataMeta = meta;
        return 0;
    }
}
