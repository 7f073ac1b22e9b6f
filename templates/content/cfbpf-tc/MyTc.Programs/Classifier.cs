using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace MyTc.Programs;

/// <summary>A TC program: counts IPv4 TCP/UDP packets per destination port and marks them with the port. dotnet build compiles it to BPF.</summary>
public static unsafe partial class Classifier
{
    internal static readonly HashMap<ushort, ulong> PacketsByPort = new(maxEntries: 1024);

    [Tc]
    public static TcAction Classify(TcContext ctx)
    {
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > ctx.DataEnd) return TcAction.Ok;
        if (eth->EtherType != ByteOrder.Htons(EtherType.IPv4)) return TcAction.Ok;
        var ip = (IPv4Header*)(eth + 1);
        if (ip + 1 > ctx.DataEnd) return TcAction.Ok;
        if (ip->Protocol != IpProtocol.Tcp && ip->Protocol != IpProtocol.Udp) return TcAction.Ok;
        var ports = (UdpHeader*)((byte*)ip + ip->HeaderLength);
        if (ports + 1 > ctx.DataEnd) return TcAction.Ok;
        ushort port = ByteOrder.Ntohs(ports->DestinationPort);
        ulong* n = PacketsByPort.Lookup(port);
        if (n != null) *n += 1;
        else PacketsByPort.Update(port, 1);
        ctx.Mark = port;
        return TcAction.Ok;
    }
}
