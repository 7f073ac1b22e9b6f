using System.Threading;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace IcmpFilterSample;

/// <summary>The README's tour example: count every frame, drop ICMP and count drops per IPv4 source.</summary>
public static unsafe partial class IcmpFilter
{
    static readonly PerCpuArrayMap<ulong> PacketCount = new(maxEntries: 1);
    static readonly HashMap<uint, ulong> DropsBySource = new(maxEntries: 4096);

    [Xdp]
    public static XdpAction DropIcmp(XdpContext ctx)
    {
        ulong* count = PacketCount.Lookup(0);
        if (count != null) (*count)++;

        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > ctx.DataEnd) return XdpAction.Pass;
        if (eth->EtherType != ByteOrder.Htons(EtherType.IPv4)) return XdpAction.Pass;

        var ip = (IPv4Header*)(eth + 1);
        if (ip + 1 > ctx.DataEnd) return XdpAction.Pass;
        if (ip->Protocol != IpProtocol.Icmp) return XdpAction.Pass;

        ulong* drops = DropsBySource.Lookup(ip->SourceAddress);
        if (drops != null) Interlocked.Increment(ref *drops);
        else DropsBySource.Update(ip->SourceAddress, 1);
        return XdpAction.Drop;
    }
}
