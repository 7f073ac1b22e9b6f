using System.Threading;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>Hash key of <see cref="Ipv4Options"/>: one byte of padding after <see cref="Protocol"/>.</summary>
public struct PortKey
{
    public byte Protocol;
    public ushort Port;
}

/// <summary>
/// IPv4 with a variable header length (<see cref="IPv4Header.HeaderLength"/>): validates IHL, walks
/// the option list in a bounded loop with a packet pointer advanced by each option's length, then
/// finds the L4 header behind the options. Uses a static helper, <c>|=</c> on a bool, a switch
/// statement with shared case labels, and Interlocked on array values.
/// </summary>
public static unsafe partial class Ipv4Options
{
    const int MaxOptionBytes = 40;

    const uint NotIpv4 = 0, Truncated = 1, BadIhl = 2, BadOption = 3, SourceRouted = 4, Accepted = 5, Fragment = 6;

    static readonly ArrayMap<ulong> Stats = new(maxEntries: 8);
    static readonly ArrayMap<ulong> OptionCounts = new(maxEntries: 32);
    static readonly ArrayMap<uint> MaxHeaderLen = new(maxEntries: 1);
    static readonly HashMap<PortKey, ulong> PortHits = new(maxEntries: 1024);

    static void Count(uint index)
    {
        ulong* c = Stats.Lookup(index);
        if (c != null) Interlocked.Increment(ref *c);
    }

    [Xdp]
    public static XdpAction ParseOptions(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end) { Count(Truncated); return XdpAction.Drop; }
        if (eth->EtherType != ByteOrder.Htons(EtherType.IPv4)) { Count(NotIpv4); return XdpAction.Pass; }

        var ip = (IPv4Header*)(eth + 1);
        if (ip + 1 > end) { Count(Truncated); return XdpAction.Drop; }
        int ihl = ip->HeaderLength;
        if (ihl < sizeof(IPv4Header) || (ip->VersionIhl >> 4) != 4) { Count(BadIhl); return XdpAction.Drop; }
        byte* l4 = (byte*)ip + ihl;
        if (l4 > end) { Count(Truncated); return XdpAction.Drop; }

        uint* maxLen = MaxHeaderLen.Lookup(0);
        if (maxLen != null && (uint)ihl > *maxLen) *maxLen = (uint)ihl;

        int optLen = ihl - sizeof(IPv4Header);
        byte* options = (byte*)(ip + 1);
        int off = 0;
        bool sourceRouted = false;
        for (int i = 0; i < MaxOptionBytes; i++)
        {
            if (off >= optLen) break;
            byte* opt = options + off;
            if (opt + 1 > end) break;
            byte type = *opt;
            if (type == 0) break;
            if (type == 1) { off++; continue; }
            if (opt + 2 > end) { Count(BadOption); return XdpAction.Drop; }
            byte len = opt[1];
            if (len < 2 || off + len > optLen) { Count(BadOption); return XdpAction.Drop; }
            ulong* oc = OptionCounts.Lookup((uint)(type & 0x1F));
            if (oc != null) (*oc)++;
            sourceRouted |= type == 0x83 || type == 0x89;
            // A no-op (off <= 40 here) that widens off to one range, so verifier states merge.
            off = (off + len) & 0x3F;
        }
        if (sourceRouted) { Count(SourceRouted); return XdpAction.Drop; }
        if ((ip->FragmentOffset & ByteOrder.Htons(0x1FFF)) != 0) { Count(Fragment); return XdpAction.Pass; }

        var key = new PortKey { Protocol = ip->Protocol };
        switch (ip->Protocol)
        {
            case IpProtocol.Tcp:
            case IpProtocol.Udp:
                if (l4 + 4 > end) { Count(Truncated); return XdpAction.Drop; }
                key.Port = ByteOrder.Ntohs(((ushort*)l4)[1]);
                break;
            case IpProtocol.Icmp:
                if (l4 + 1 > end) { Count(Truncated); return XdpAction.Drop; }
                key.Port = *l4;
                break;
            default:
                key.Port = 0xFFFF;
                break;
        }
        ulong* hits = PortHits.Lookup(key);
        if (hits != null) (*hits)++;
        else PortHits.Update(key, 1);
        Count(Accepted);
        return XdpAction.Pass;
    }
}
