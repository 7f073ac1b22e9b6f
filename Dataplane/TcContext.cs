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

    /// <summary><c>BPF_F_HDR_FIELD_MASK</c>: the size bits of the checksum helpers' flags.</summary>
    private const ulong FieldMask = 0xF;

    /// <summary>
    /// <c>bpf_skb_load_bytes</c> (kernel 4.5): copies <paramref name="len"/> bytes at
    /// <paramref name="offset"/> of the packet to <paramref name="to"/>, also beyond the linear data.
    /// 0 or a negative errno (the destination is zeroed on failure).
    /// </summary>
    [BpfHelper(26)]
    public long LoadBytes(uint offset, void* to, uint len) => LoadBytes(_md, offset, to, len);

    /// <summary>The .NET body of <c>bpf_skb_load_bytes</c>, shared by every context over <c>__sk_buff</c>.</summary>
    internal static long LoadBytes(TcMetadata* md, uint offset, void* to, uint len)
    {
        if ((ulong)offset + len > md->Len || (long)offset + len > md->DataEnd - md->Data)
        {
            new System.Span<byte>(to, (int)len).Clear();
            return -Errno.EFAULT;
        }
        System.Buffer.MemoryCopy(md->Data + offset, to, len, len);
        return 0;
    }

    /// <summary>
    /// <c>bpf_skb_store_bytes</c> (kernel 4.1): writes <paramref name="len"/> bytes from
    /// <paramref name="from"/> at <paramref name="offset"/> of the packet; with
    /// <paramref name="recomputeChecksum"/> (<c>BPF_F_RECOMPUTE_CSUM</c>) the skb's full checksum
    /// follows. 0 or a negative errno. Every packet pointer checked before the call must be checked again.
    /// </summary>
    [BpfHelper(9, ChangesPacketData = true)]
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
    [BpfHelper(10, ChangesPacketData = true)]
    public long L3CsumReplace(uint offset, uint from, uint to, uint size) => L3CsumReplace(offset, from, to, size, CsumFlags.None);

    /// <summary>
    /// <c>bpf_l3_csum_replace</c> with <paramref name="flags"/> OR-ed into the size, as the helper
    /// takes them: the kernel accepts none, so any flag is <c>-EINVAL</c>.
    /// </summary>
    [BpfHelper(10, ChangesPacketData = true)]
    public long L3CsumReplace(uint offset, uint from, uint to, uint size, CsumFlags flags)
    {
        ulong all = HelperFlags(size, flags);
        if ((all & ~FieldMask) != 0) return -Errno.EINVAL;
        return ReplaceChecksum(offset, from, to, all, mangled0: false, enforce: false);
    }

    /// <summary>
    /// <c>bpf_l4_csum_replace</c> (kernel 4.1): as <see cref="L3CsumReplace(uint, uint, uint, uint)"/> for a TCP/UDP checksum;
    /// <paramref name="pseudoHeader"/> (<c>BPF_F_PSEUDO_HDR</c>) says the changed field is part of the
    /// pseudo-header (an IP address). A UDP checksum of 0 means "none": check it before calling, or
    /// pass <see cref="CsumFlags.MarkMangled0"/>. 0 or a negative errno. Every packet pointer checked
    /// before the call must be checked again.
    /// </summary>
    [BpfHelper(11, ChangesPacketData = true)]
    public long L4CsumReplace(uint offset, uint from, uint to, uint size, bool pseudoHeader = false)
        => L4CsumReplace(offset, from, to, size, pseudoHeader ? CsumFlags.PseudoHeader : CsumFlags.None);

    /// <summary>
    /// <c>bpf_l4_csum_replace</c> with <paramref name="flags"/> OR-ed into the size, as the helper
    /// takes them (<c>net/core/filter.c</c>, bit for bit): <see cref="CsumFlags.MarkMangled0"/> leaves a
    /// checksum of 0 alone (unless <see cref="CsumFlags.MarkEnforce"/>) and writes a result of 0 as
    /// <c>0xFFFF</c>; an unknown bit is <c>-EINVAL</c> (<c>BPF_F_IPV6</c>, 0x80, is known since kernel 6.15).
    /// </summary>
    [BpfHelper(11, ChangesPacketData = true)]
    public long L4CsumReplace(uint offset, uint from, uint to, uint size, CsumFlags flags)
    {
        ulong all = HelperFlags(size, flags);
        if ((all & ~(FieldMask | L4FlagBits)) != 0) return -Errno.EINVAL;
        // The pseudo-header (and IPv6) flags matter only for the skb's CHECKSUM_COMPLETE sum, which
        // a test run's skb (CHECKSUM_NONE) and the .NET stand-in do not keep; the field changes the same way.
        return ReplaceChecksum(offset, from, to, all, mangled0: (all & (ulong)CsumFlags.MarkMangled0) != 0, enforce: (all & (ulong)CsumFlags.MarkEnforce) != 0);
    }

    /// <summary>The helper's 64-bit <c>flags</c>: the size OR-ed with the flags, both widened as the BPF call widens them.</summary>
    private static ulong HelperFlags(uint size, CsumFlags flags) => size | unchecked((ulong)(long)(int)flags);

    /// <summary><c>BPF_F_PSEUDO_HDR | BPF_F_MARK_MANGLED_0 | BPF_F_MARK_ENFORCE | BPF_F_IPV6</c>.</summary>
    private const ulong L4FlagBits = 0x10 | 0x20 | 0x40 | 0x80;

    /// <summary><c>CSUM_MANGLED_0</c>: the UDP checksum 0 written as its one's-complement twin.</summary>
    private const ushort CsumMangled0 = 0xFFFF;

    /// <summary>The incremental checksum update both replace helpers make to the 16-bit field at <paramref name="offset"/>.</summary>
    private long ReplaceChecksum(uint offset, uint from, uint to, ulong flags, bool mangled0, bool enforce)
    {
        if (offset > 0xFFFF || (offset & 1) != 0 || (long)offset + 2 > _md->DataEnd - _md->Data) return -Errno.EFAULT;
        ushort* check = (ushort*)(_md->Data + offset);
        if (mangled0 && !enforce && *check == 0) return 0;
        switch (flags & FieldMask)
        {
            case 0:
                if (from != 0) return -Errno.EINVAL;
                *check = Checksums.ReplaceByDiff(*check, to);
                break;
            case 2:
                *check = Checksums.Replace2(*check, (ushort)from, (ushort)to);
                break;
            case 4:
                *check = Checksums.Replace4(*check, from, to);
                break;
            default:
                return -Errno.EINVAL;
        }
        if (mangled0 && *check == 0) *check = CsumMangled0;
        return 0;
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
