using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// IPv6 extension-header walking in a bounded loop (hop-by-hop, routing, destination options,
/// fragment), a switch statement whose sections <c>continue</c> the enclosing loop, an <c>is</c>
/// pattern with <c>or</c>, a helper taking a map-value pointer, and a padded key.
/// </summary>
public static unsafe partial class Ipv6ExtHeaders
{
    const int MaxExtHeaders = 6;
    const uint TooLong = 7;

    static readonly ArrayMap<ulong> FinalProtocol = new(maxEntries: 256);
    static readonly ArrayMap<ulong> ChainLength = new(maxEntries: 8);
    static readonly HashMap<PortKey, ulong> Ports6 = new(maxEntries: 1024);

    static bool IsExtension(byte nh)
        => nh is IpProtocol.HopByHop or IpProtocol.Routing or IpProtocol.DestinationOptions or IpProtocol.Fragment;

    static void Bump(ulong* counter)
    {
        if (counter != null) *counter += 1;
    }

    [Xdp]
    public static XdpAction WalkIpv6(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end) return XdpAction.Drop;
        if (eth->EtherType != ByteOrder.Htons(EtherType.IPv6)) return XdpAction.Pass;

        var ip6 = (IPv6Header*)(eth + 1);
        if (ip6 + 1 > end) return XdpAction.Drop;
        if (ByteOrder.Ntohl(ip6->VersionClassFlow) >> 28 != 6) return XdpAction.Drop;

        byte nh = ip6->NextHeader;
        byte* cur = (byte*)(ip6 + 1);
        int count = 0;
        bool fragmented = false;
        for (int i = 0; i < MaxExtHeaders; i++)
        {
            switch (nh)
            {
                case IpProtocol.HopByHop:
                case IpProtocol.Routing:
                case IpProtocol.DestinationOptions:
                    if (cur + 8 > end) return XdpAction.Drop;
                    if (nh == IpProtocol.Routing && cur[2] == 0) return XdpAction.Drop;
                    nh = cur[0];
                    cur += (cur[1] + 1) * 8;
                    count++;
                    continue;
                case IpProtocol.Fragment:
                    if (cur + 8 > end) return XdpAction.Drop;
                    nh = cur[0];
                    fragmented = (ByteOrder.Ntohs(*(ushort*)(cur + 2)) & 0xFFF8) != 0;
                    cur += 8;
                    count++;
                    if (fragmented) break;
                    continue;
                default:
                    break;
            }
            break;
        }

        if (!fragmented && IsExtension(nh))
        {
            Bump(ChainLength.Lookup(TooLong));
            return XdpAction.Drop;
        }
        Bump(ChainLength.Lookup((uint)count));
        Bump(FinalProtocol.Lookup(nh));
        if (fragmented) return XdpAction.Pass;

        var key = new PortKey { Protocol = nh };
        if (nh == IpProtocol.Tcp || nh == IpProtocol.Udp)
        {
            if (cur + 4 > end) return XdpAction.Drop;
            key.Port = ByteOrder.Ntohs(*(ushort*)(cur + 2));
        }
        else if (nh == IpProtocol.IcmpV6)
        {
            if (cur + 1 > end) return XdpAction.Drop;
            key.Port = *cur;
        }
        ulong* seen = Ports6.Lookup(key);
        if (seen != null) *seen += 1;
        else Ports6.Update(key, 1);
        return nh == IpProtocol.NoNextHeader ? XdpAction.Drop : XdpAction.Pass;
    }
}
