using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>Hash key of <see cref="VlanCounter"/>: seven bytes of fields and one byte of tail padding.</summary>
public struct VlanKey
{
    public ushort Outer;
    public ushort Inner;
    public ushort EtherType;
    public byte Depth;
}

/// <summary>
/// 802.1Q / 802.1ad parsing in a bounded loop (up to two tags), a padded struct key built through
/// a local, nested switch expressions with <c>or</c> patterns, and an inlined static helper.
/// </summary>
public static unsafe partial class VlanCounter
{
    const int MaxTags = 2;

    static readonly HashMap<VlanKey, ulong> PacketsByTag = new(maxEntries: 1024);
    static readonly ArrayMap<ulong> DepthCount = new(maxEntries: 4);
    static readonly ArrayMap<ulong> PcpCount = new(maxEntries: 8);

    static bool IsVlan(ushort proto)
        => proto == ByteOrder.Htons(EtherType.Vlan) || proto == ByteOrder.Htons(EtherType.QinQ);

    [Xdp]
    public static XdpAction CountVlans(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end) return XdpAction.Aborted;

        var key = new VlanKey();
        ushort proto = eth->EtherType;
        var tag = (VlanHeader*)(eth + 1);
        byte depth = 0;
        for (int i = 0; i < MaxTags; i++)
        {
            if (!IsVlan(proto)) break;
            if (tag + 1 > end) return XdpAction.Drop;
            ushort tci = ByteOrder.Ntohs(tag->Tci);
            if (i == 0) key.Outer = (ushort)(tci & 0x0FFF);
            else key.Inner = (ushort)(tci & 0x0FFF);
            uint pcp = (uint)(tci >> 13);
            ulong* p = PcpCount.Lookup(pcp);
            if (p != null) *p += 1;
            proto = tag->EncapsulatedProtocol;
            tag++;
            depth++;
        }
        if (IsVlan(proto)) depth = 3;
        key.Depth = depth;
        key.EtherType = ByteOrder.Ntohs(proto);

        ulong* d = DepthCount.Lookup(depth);
        if (d != null) (*d)++;

        ulong* n = PacketsByTag.Lookup(key);
        if (n != null) (*n)++;
        else PacketsByTag.Update(key, 1, MapUpdate.NoExist);

        return depth switch
        {
            3 => XdpAction.Drop,
            0 => XdpAction.Pass,
            _ => key.EtherType switch
            {
                EtherType.IPv4 or EtherType.IPv6 => XdpAction.Pass,
                EtherType.Arp => XdpAction.Tx,
                _ => XdpAction.Drop,
            },
        };
    }
}
