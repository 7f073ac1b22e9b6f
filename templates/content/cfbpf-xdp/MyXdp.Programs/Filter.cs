using System.Threading;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace MyXdp.Programs;

/// <summary>An XDP program: drops ICMP and counts the drops per IPv4 source. dotnet build compiles it to BPF.</summary>
public static unsafe partial class Filter
{
    internal static readonly HashMap<uint, ulong> DropsBySource = new(maxEntries: 4096);

    [Xdp]
    public static XdpAction DropIcmp(XdpContext ctx)
    {
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
