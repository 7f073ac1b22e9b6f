namespace CodeFirstBpf;

/// <summary>
/// The context of a TC program, over the kernel's <c>struct __sk_buff</c>.
/// In BPF code every property is a context access; in .NET it reads a <see cref="TcMetadata"/>.
/// </summary>
[BpfContext("__sk_buff", 192, BpfProgramKinds.Tc)]
public readonly unsafe struct TcContext
{
    private readonly TcMetadata* _md;

    /// <summary>Wraps managed-side metadata, for running a program as .NET code.</summary>
    public TcContext(TcMetadata* metadata) => _md = metadata;

    /// <summary>First byte of the linear packet data.</summary>
    [BpfContextField("data", 76)]
    public byte* Data => _md->Data;
    /// <summary>One past the last byte of the linear packet data.</summary>
    [BpfContextField("data_end", 80)]
    public byte* DataEnd => _md->DataEnd;
    /// <summary>Start of the metadata area.</summary>
    [BpfContextField("data_meta", 140)]
    public byte* DataMeta => _md->DataMeta;
    /// <summary>Packet length.</summary>
    [BpfContextField("len", 0)]
    public uint Len => _md->Len;
    /// <summary>Packet type (<c>PACKET_HOST</c>, …).</summary>
    [BpfContextField("pkt_type", 4)]
    public uint PacketType => _md->PacketType;
    /// <summary>Link-layer protocol, network byte order in the low 16 bits.</summary>
    [BpfContextField("protocol", 16)]
    public uint Protocol => _md->Protocol;
    /// <summary>Packet mark (settable).</summary>
    [BpfContextField("mark", 8)]
    public uint Mark { get => _md->Mark; set => _md->Mark = value; }
    /// <summary>Queue mapping.</summary>
    [BpfContextField("queue_mapping", 12)]
    public uint QueueMapping => _md->QueueMapping;
    /// <summary>Non-zero when a VLAN tag is present.</summary>
    [BpfContextField("vlan_present", 20)]
    public uint VlanPresent => _md->VlanPresent;
    /// <summary>VLAN TCI (host order).</summary>
    [BpfContextField("vlan_tci", 24)]
    public uint VlanTci => _md->VlanTci;
    /// <summary>VLAN protocol.</summary>
    [BpfContextField("vlan_proto", 28)]
    public uint VlanProto => _md->VlanProto;
    /// <summary>Packet priority (settable).</summary>
    [BpfContextField("priority", 32)]
    public uint Priority { get => _md->Priority; set => _md->Priority = value; }
    /// <summary>Interface the packet arrived on.</summary>
    [BpfContextField("ingress_ifindex", 36)]
    public uint IngressIfIndex => _md->IngressIfIndex;
    /// <summary>Interface the packet is on now.</summary>
    [BpfContextField("ifindex", 40)]
    public uint IfIndex => _md->IfIndex;
    /// <summary>Traffic-control index.</summary>
    [BpfContextField("tc_index", 44)]
    public uint TcIndex => _md->TcIndex;
    /// <summary>The five 32-bit control-block words, readable and writable.</summary>
    [BpfContextField("cb", 48, Count = 5)]
    public uint* Cb => _md->Cb;
    /// <summary>Packet hash.</summary>
    [BpfContextField("hash", 68)]
    public uint Hash => _md->Hash;
    /// <summary>Traffic-control class id (settable).</summary>
    [BpfContextField("tc_classid", 72)]
    public uint TcClassId { get => _md->TcClassId; set => _md->TcClassId = value; }

    private const uint FieldMask = 0xF;

    /// <summary>
    /// <c>bpf_skb_load_bytes</c> (kernel 4.5): copies <paramref name="len"/> bytes at
    /// <paramref name="offset"/> of the packet to <paramref name="to"/>, also beyond the linear data.
    /// 0 or a negative errno (the destination is zeroed on failure).
    /// </summary>
    [BpfHelper(26)]
    public long LoadBytes(uint offset, void* to, uint len)
    {
        if ((ulong)offset + len > _md->Len || (long)offset + len > _md->DataEnd - _md->Data)
        {
            new System.Span<byte>(to, (int)len).Clear();
            return -Errno.EFAULT;
        }
        System.Buffer.MemoryCopy(_md->Data + offset, to, len, len);
        return 0;
    }

    /// <summary>
    /// <c>bpf_skb_store_bytes</c> (kernel 4.1): writes <paramref name="len"/> bytes from
    /// <paramref name="from"/> at <paramref name="offset"/> of the packet; with
    /// <paramref name="recomputeChecksum"/> (<c>BPF_F_RECOMPUTE_CSUM</c>) the skb's full checksum
    /// follows. 0 or a negative errno. Every packet pointer checked before the call must be checked again.
    /// </summary>
    [BpfHelper(9)]
    public long StoreBytes(uint offset, void* from, uint len, bool recomputeChecksum = false)
    {
        if (offset > 0xFFFF || (ulong)offset + len > _md->Len || (long)offset + len > _md->DataEnd - _md->Data) return -Errno.EFAULT;
        System.Buffer.MemoryCopy(from, _md->Data + offset, len, len);
        return 0;
    }

    /// <summary>
    /// <c>bpf_l3_csum_replace</c> (kernel 4.1): fixes the 16-bit checksum at <paramref name="offset"/>
    /// after a <paramref name="size"/>-byte field (2 or 4) changed from <paramref name="from"/> to
    /// <paramref name="to"/> (values as they sit in the packet); size 0 adds the difference
    /// <paramref name="to"/> (from <see cref="Bpf.CsumDiff"/>). 0 or a negative errno.
    /// Every packet pointer checked before the call must be checked again.
    /// </summary>
    [BpfHelper(10)]
    public long L3CsumReplace(uint offset, uint from, uint to, uint size) => ReplaceChecksum(offset, from, to, size);

    /// <summary>
    /// <c>bpf_l4_csum_replace</c> (kernel 4.1): as <see cref="L3CsumReplace"/> for a TCP/UDP checksum;
    /// <paramref name="pseudoHeader"/> (<c>BPF_F_PSEUDO_HDR</c>) says the changed field is part of the
    /// pseudo-header (an IP address). A UDP checksum of 0 means "none": check it before calling.
    /// 0 or a negative errno. Every packet pointer checked before the call must be checked again.
    /// </summary>
    [BpfHelper(11)]
    public long L4CsumReplace(uint offset, uint from, uint to, uint size, bool pseudoHeader = false)
        // The pseudo-header flag matters only for the skb's CHECKSUM_COMPLETE sum, which the
        // .NET stand-in does not keep; the checksum field itself changes the same way.
        => ReplaceChecksum(offset, from, to, size);

    /// <summary>The incremental checksum update both replace helpers make to the 16-bit field at <paramref name="offset"/>.</summary>
    private long ReplaceChecksum(uint offset, uint from, uint to, uint size)
    {
        if ((size & ~FieldMask) != 0) return -Errno.EINVAL;
        if (offset > 0xFFFF || (offset & 1) != 0 || (long)offset + 2 > _md->DataEnd - _md->Data) return -Errno.EFAULT;
        ushort* check = (ushort*)(_md->Data + offset);
        switch (size)
        {
            case 0:
                if (from != 0) return -Errno.EINVAL;
                *check = Checksums.ReplaceByDiff(*check, to);
                return 0;
            case 2:
                *check = Checksums.Replace2(*check, (ushort)from, (ushort)to);
                return 0;
            case 4:
                *check = Checksums.Replace4(*check, from, to);
                return 0;
            default:
                return -Errno.EINVAL;
        }
    }

    /// <summary>
    /// <c>bpf_skb_change_type</c> (kernel 4.8): sets the packet type (<c>PACKET_HOST</c> 0 …
    /// <c>PACKET_OTHERHOST</c> 3). 0 or <c>-EINVAL</c>.
    /// </summary>
    [BpfHelper(32)]
    public long ChangeType(uint type)
    {
        if (_md->PacketType > 3 || type > 3) return -Errno.EINVAL;
        _md->PacketType = type;
        return 0;
    }
}
