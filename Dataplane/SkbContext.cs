namespace CodeFirstBpf;

/// <summary>
/// The context of a cgroup skb program, over the kernel's <c>struct __sk_buff</c>: a packet a
/// socket of the cgroup sends or receives, from the IP header on, and the socket's addresses.
/// The mark, the priority and the control block are writable. In .NET it reads a <see cref="TcMetadata"/>.
/// </summary>
[BpfContext("__sk_buff", 192, BpfProgramKinds.CgroupSkb)]
public readonly unsafe struct SkbContext
{
    private readonly TcMetadata* _md;

    /// <summary>Wraps managed-side metadata, for running a program as .NET code.</summary>
    public SkbContext(TcMetadata* metadata) => _md = metadata;

    /// <summary>First byte of the linear packet data (the IP header).</summary>
    [BpfContextField("data", 76)]
    public byte* Data => _md->Data;
    /// <summary>One past the last byte of the linear packet data.</summary>
    [BpfContextField("data_end", 80)]
    public byte* DataEnd => _md->DataEnd;
    /// <summary>Packet length.</summary>
    [BpfContextField("len", 0)]
    public uint Len => _md->Len;
    /// <summary>Link-layer protocol, network byte order in the low 16 bits.</summary>
    [BpfContextField("protocol", 16)]
    public uint Protocol => _md->Protocol;
    /// <summary>Packet mark (settable).</summary>
    [BpfContextField("mark", 8)]
    public uint Mark { get => _md->Mark; set => _md->Mark = value; }
    /// <summary>Packet priority (settable).</summary>
    [BpfContextField("priority", 32)]
    public uint Priority { get => _md->Priority; set => _md->Priority = value; }
    /// <summary>Interface the packet is on now.</summary>
    [BpfContextField("ifindex", 40)]
    public uint IfIndex => _md->IfIndex;
    /// <summary>The five 32-bit control-block words, readable and writable.</summary>
    [BpfContextField("cb", 48, Count = 5)]
    public uint* Cb => _md->Cb;

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
