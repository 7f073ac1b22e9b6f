using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>An event per IPv4 frame: its source, protocol and length.</summary>
public struct FrameEvent
{
    public uint Source;
    public ushort Length;
    public byte Protocol;
    public byte Route;
}

/// <summary>
/// A ring buffer written both ways (Output of a local, Reserve/Submit in place, Discard) and an
/// LPM trie of IPv4 routes consulted per frame: the P1 map kinds, lowered and run in the kernel.
/// </summary>
public static unsafe partial class RingAndTrie
{
    static readonly RingBufferMap<FrameEvent> Events = new(sizeBytes: 4096 * 4);
    static readonly LpmTrieMap<uint, byte> Routes = new(maxEntries: 64);

    [Xdp]
    public static XdpAction Report(XdpContext ctx)
    {
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > ctx.DataEnd) return XdpAction.Pass;
        if (eth->EtherType != ByteOrder.Htons(EtherType.IPv4)) return XdpAction.Pass;
        var ip = (IPv4Header*)(eth + 1);
        if (ip + 1 > ctx.DataEnd) return XdpAction.Pass;

        var key = new LpmKey<uint> { PrefixLength = 32, Data = ip->DestinationAddress };
        byte* route = Routes.Lookup(key);
        byte routeId = route != null ? *route : (byte)0;

        var e = new FrameEvent { Source = ip->SourceAddress, Length = (ushort)(ctx.DataEnd - ctx.Data), Protocol = ip->Protocol, Route = routeId };
        if (ip->Protocol == IpProtocol.Udp)
        {
            Events.Output(e);
            return XdpAction.Pass;
        }
        FrameEvent* slot = Events.Reserve();
        if (slot == null) return XdpAction.Aborted;
        if (ip->Protocol == IpProtocol.Tcp)
        {
            *slot = e;
            Events.Submit(slot);
            return XdpAction.Pass;
        }
        Events.Discard(slot);
        return XdpAction.Drop;
    }
}
