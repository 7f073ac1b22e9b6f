namespace CodeFirstBpf;

/// <summary>
/// The context of a socket filter, over the kernel's <c>struct __sk_buff</c>: the packet as the
/// socket receives it (for UDP, from the UDP header on). A socket filter cannot read the packet
/// directly; <see cref="LoadBytes"/> copies it. Only the control block is writable.
/// In .NET it reads a <see cref="TcMetadata"/>.
/// </summary>
[BpfContext("__sk_buff", 192, BpfProgramKinds.SocketFilter)]
public readonly unsafe struct SocketContext
{
    private readonly TcMetadata* _md;

    /// <summary>Wraps managed-side metadata, for running a program as .NET code.</summary>
    public SocketContext(TcMetadata* metadata) => _md = metadata;

    /// <summary>Packet length.</summary>
    [BpfContextField("len", 0)]
    public uint Len => _md->Len;
    /// <summary>Packet type (<c>PACKET_HOST</c>, …).</summary>
    [BpfContextField("pkt_type", 4)]
    public uint PacketType => _md->PacketType;
    /// <summary>Packet mark.</summary>
    [BpfContextField("mark", 8)]
    public uint Mark => _md->Mark;
    /// <summary>Link-layer protocol, network byte order in the low 16 bits.</summary>
    [BpfContextField("protocol", 16)]
    public uint Protocol => _md->Protocol;
    /// <summary>Packet priority.</summary>
    [BpfContextField("priority", 32)]
    public uint Priority => _md->Priority;
    /// <summary>Interface the packet arrived on.</summary>
    [BpfContextField("ingress_ifindex", 36)]
    public uint IngressIfIndex => _md->IngressIfIndex;
    /// <summary>Interface the packet is on now.</summary>
    [BpfContextField("ifindex", 40)]
    public uint IfIndex => _md->IfIndex;
    /// <summary>The five 32-bit control-block words, readable and writable.</summary>
    [BpfContextField("cb", 48, Count = 5)]
    public uint* Cb => _md->Cb;
    /// <summary>Packet hash.</summary>
    [BpfContextField("hash", 68)]
    public uint Hash => _md->Hash;

    /// <summary>
    /// <c>bpf_skb_load_bytes</c> (kernel 4.5): copies <paramref name="len"/> bytes at
    /// <paramref name="offset"/> of the packet to <paramref name="to"/>. 0 or a negative errno
    /// (the destination is zeroed on failure).
    /// </summary>
    [BpfHelper(26)]
    public long LoadBytes(uint offset, void* to, uint len) => TcContext.LoadBytes(_md, offset, to, len);

    /// <summary>
    /// <c>bpf_skb_load_bytes_relative</c> (kernel 4.18): as <see cref="LoadBytes"/> but counted from
    /// the start of the <paramref name="start"/> header, so the same offsets work wherever the
    /// packet data begins (a socket filter on UDP sees the packet from the UDP header, a test run from the IP header).
    /// In .NET the packet starts at the network header, so only <see cref="SkbHeader.Network"/> reads;
    /// <see cref="SkbHeader.Mac"/> fails as an out-of-range load does (destination zeroed, <c>-EFAULT</c>).
    /// </summary>
    [BpfHelper(68)]
    public long LoadBytesRelative(uint offset, void* to, uint len, SkbHeader start)
        => start == SkbHeader.Network ? TcContext.LoadBytes(_md, offset, to, len) : TcContext.LoadBytes(_md, uint.MaxValue, to, len);
}

/// <summary>Where <c>LoadBytesRelative</c> counts from (<c>BPF_HDR_START_*</c>).</summary>
public enum SkbHeader : uint
{
    /// <summary>The link-layer header (<c>BPF_HDR_START_MAC</c>).</summary>
    Mac = 0,
    /// <summary>The network (IP) header (<c>BPF_HDR_START_NET</c>).</summary>
    Network = 1,
}
