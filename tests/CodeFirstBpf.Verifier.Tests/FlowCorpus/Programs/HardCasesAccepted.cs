using System.Runtime.CompilerServices;
using CodeFirstBpf.Net;

// Shapes a rule must follow or leave alone: a packet pointer handed to a BPF-to-BPF function
// with the end, a check kept in a bool, a loop over VLAN tags that advances a checked pointer,
// bytes a helper copies to the stack, and map memory reached through a cast.
namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

public unsafe struct Bytes16 { public fixed byte B[16]; }

public static unsafe partial class PacketPointerToNoInliningHelper
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    static ushort Port(TcpHeader* tcp, byte* end)
    {
        if (tcp + 1 > end) return 0;
        return tcp->DestinationPort;
    }

    [Xdp]
    public static XdpAction M(XdpContext ctx)
        => Port((TcpHeader*)(ctx.Data + 34), ctx.DataEnd) == ByteOrder.Htons(22) ? XdpAction.Drop : XdpAction.Pass;
}

public static unsafe partial class CheckKeptInABool
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        var eth = (EthernetHeader*)ctx.Data;
        bool fits = eth + 1 <= ctx.DataEnd;
        if (!fits) return XdpAction.Pass;
        return eth->EtherType == 0 ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class VlanTagLoop
{
    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        byte* p = ctx.Data + 12;
        for (int i = 0; i < 2; i++)
        {
            if (p + 4 > end) return XdpAction.Pass;
            if (*(ushort*)p != ByteOrder.Htons(EtherType.Vlan)) break;
            p += 4;
        }
        if (p + 2 > end) return XdpAction.Pass;
        return *(ushort*)p == ByteOrder.Htons(EtherType.IPv6) ? XdpAction.Drop : XdpAction.Pass;
    }
}

public static unsafe partial class LoadBytesToStack
{
    [Tc]
    public static TcAction M(TcContext ctx)
    {
        EthernetHeader eth;
        if (ctx.LoadBytes(0, &eth, (uint)sizeof(EthernetHeader)) < 0) return TcAction.Ok;
        return eth.EtherType == ByteOrder.Htons(EtherType.Arp) ? TcAction.Shot : TcAction.Ok;
    }
}

public static unsafe partial class MapValueThroughACast
{
    static readonly ArrayMap<Bytes16> Blobs = new(2);

    [Xdp]
    public static XdpAction M(XdpContext ctx)
    {
        Bytes16* v = Blobs.Lookup(1);
        if (v == null) return XdpAction.Pass;
        byte* b = (byte*)v;
        uint sum = 0;
        for (int i = 0; i < 16; i++) sum += b[i];
        v->B[ctx.RxQueueIndex & 15] = (byte)sum;
        return XdpAction.Pass;
    }
}

public static unsafe partial class EarlyReturnChain
{
    [Tc]
    public static TcAction M(TcContext ctx)
    {
        byte* data = ctx.Data, end = ctx.DataEnd;
        var eth = (EthernetHeader*)data;
        if (eth + 1 > end) return TcAction.Ok;
        if (eth->EtherType != ByteOrder.Htons(EtherType.IPv4)) return TcAction.Ok;
        var ip = (IPv4Header*)(eth + 1);
        if (ip + 1 > end) return TcAction.Ok;
        if ((ip->VersionIhl & 0xf) != 5) return TcAction.Ok;
        if (ip->Protocol != IpProtocol.Udp) return TcAction.Ok;
        var udp = (UdpHeader*)(ip + 1);
        if (udp + 1 > end) return TcAction.Ok;
        if (udp->DestinationPort != ByteOrder.Htons(4789)) return TcAction.Ok;
        byte* vxlan = (byte*)(udp + 1);
        if (vxlan + 8 > end) return TcAction.Ok;
        return (vxlan[0] & 0x08) == 0 ? TcAction.Shot : TcAction.Ok;
    }
}
