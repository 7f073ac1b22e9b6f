using System.Runtime.CompilerServices;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// An XDP layer-4 load balancer in the manner of Katran (and the kernel's test_xdp_noinline):
/// Ethernet, IPv4 (no options, no fragments) or IPv6, TCP/UDP ports; a VIP lookup by address,
/// port and protocol with a port-0 wildcard; an LRU connection table that a SYN bypasses; a
/// 32-slot consistent-hash ring per VIP (an array map) that picks the real for a new flow; then
/// IPIP or IP6IP6 / 4in6 encapsulation towards the real with <c>bpf_xdp_adjust_head</c>, sent
/// back out (XDP_TX). ICMP echo requests to a VIP are answered in place. Per-CPU counters per VIP
/// and per reason. The tables are filled by control frames (EtherType 0x88B6, see
/// <c>L4Balancer.Control.cs</c>), the corpus's stand-in for the control plane.
/// </summary>
public static unsafe partial class L4Balancer
{
    const ushort ControlType = 0x88B6;
    const uint RingSize = 32, MaxVips = 8, MaxReals = 64, NoReal = 0xFFFFFFFF;
    const uint VipSourceHash = 1, VipNoLru = 2;
    const uint RealValid = 1, RealIpv6 = 2;
    const byte TcpSyn = 0x02;
    const int ParsedOk = 0, ParsedPass = 1, ParsedDrop = 2, ParsedEcho = 3;
    const uint PassNotIp = 0, ControlApplied = 1, ControlRejected = 2, Malformed = 3, Fragment = 4, VipMiss = 5,
        ConnectionHit = 6, ConnectionNew = 7, NoRealFound = 8, EncapIpip = 9, EncapIpv6 = 10, AdjustFailed = 11,
        EchoAnswered = 12, Ipv4Options = 13, FamilyMismatch = 14, NotBalanced = 15;
    const uint RouterMacHigh = 0x00AA0002, RouterMacLow = 0x0101;

    static readonly HashMap<LbVipKey, LbVipMeta> LbVips = new(maxEntries: 64);
    static readonly ArrayMap<uint> LbRing = new(maxEntries: 256);
    static readonly ArrayMap<LbReal> LbReals = new(maxEntries: 64);
    static readonly LruHashMap<LbFlowKey, LbConnection> LbConnections = new(maxEntries: 4096);
    static readonly PerCpuArrayMap<LbTraffic> LbVipTraffic = new(maxEntries: 8);
    static readonly PerCpuArrayMap<ulong> LbCounters = new(maxEntries: 16);

    static void Bump(uint slot)
    {
        ulong* c = LbCounters.Lookup(slot);
        if (c != null) *c += 1;
    }

    static XdpAction Count(uint slot, XdpAction verdict)
    {
        Bump(slot);
        return verdict;
    }

    [Xdp]
    public static XdpAction Balance(XdpContext ctx)
    {
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)data;
        if (eth + 1 > end) return Count(Malformed, XdpAction.Drop);
        if (eth->EtherType == ByteOrder.Htons(ControlType))
            return Count(ApplyControl((byte*)(eth + 1), end) ? ControlApplied : ControlRejected, XdpAction.Drop);

        LbPacket pkt = default;
        int parsed;
        if (eth->EtherType == ByteOrder.Htons(EtherType.IPv4)) parsed = ParseIpv4(data, end, &pkt);
        else if (eth->EtherType == ByteOrder.Htons(EtherType.IPv6)) parsed = ParseIpv6(data, end, &pkt);
        else return Count(PassNotIp, XdpAction.Pass);
        if (parsed == ParsedPass) return XdpAction.Pass;
        if (parsed == ParsedDrop) return XdpAction.Drop;
        bool ipv6 = pkt.IsIpv6 != 0;

        LbVipKey vip = default;
        vip.Address[0] = pkt.Flow.Destination[0];
        vip.Address[1] = pkt.Flow.Destination[1];
        vip.Address[2] = pkt.Flow.Destination[2];
        vip.Address[3] = pkt.Flow.Destination[3];
        vip.Port = pkt.Flow.DestinationPort;
        vip.Protocol = pkt.Flow.Protocol;
        LbVipMeta* meta = LbVips.Lookup(vip);
        if (meta == null)
        {
            vip.Port = 0;
            meta = LbVips.Lookup(vip);
            if (meta == null) return Count(VipMiss, XdpAction.Pass);
        }
        if (parsed == ParsedEcho) return ipv6 ? AnswerEcho6(data, end) : AnswerEcho4(data, end);
        uint vipNumber = meta->VipNumber;
        uint vipFlags = meta->Flags;
        LbTraffic* traffic = LbVipTraffic.Lookup(vipNumber);
        if (traffic != null)
        {
            traffic->Packets += 1;
            traffic->Bytes += pkt.Length;
        }

        bool syn = pkt.Flow.Protocol == IpProtocol.Tcp && (pkt.TcpFlags & TcpSyn) != 0;
        uint realIndex = ChooseReal(&pkt, vipNumber, vipFlags, syn);
        LbReal* real = LbReals.Lookup(realIndex);
        if (real == null || (real->Flags & RealValid) == 0) return Count(NoRealFound, XdpAction.Drop);
        bool outerIpv6 = (real->Flags & RealIpv6) != 0;
        if (ipv6 && !outerIpv6) return Count(FamilyMismatch, XdpAction.Drop);

        uint macHigh = *(uint*)eth->Destination;
        ushort macLow = *(ushort*)(eth->Destination + 4);
        int grow = outerIpv6 ? sizeof(IPv6Header) : sizeof(IPv4Header);
        if (ctx.AdjustHead(-grow) != 0) return Count(AdjustFailed, XdpAction.Drop);
        data = ctx.Data;
        end = ctx.DataEnd;
        var outer = (EthernetHeader*)data;
        if (outer + 1 > end) return Count(Malformed, XdpAction.Drop);
        *(uint*)outer->Destination = RouterMacHigh;
        *(ushort*)(outer->Destination + 4) = (ushort)RouterMacLow;
        *(uint*)outer->Source = macHigh;
        *(ushort*)(outer->Source + 4) = macLow;
        if (outerIpv6)
        {
            var ip6 = (IPv6Header*)(outer + 1);
            if (ip6 + 1 > end) return Count(Malformed, XdpAction.Drop);
            outer->EtherType = ByteOrder.Htons(EtherType.IPv6);
            WriteOuterIpv6(ip6, &pkt, real, ipv6);
            return Count(EncapIpv6, XdpAction.Tx);
        }
        var ip = (IPv4Header*)(outer + 1);
        if (ip + 1 > end) return Count(Malformed, XdpAction.Drop);
        outer->EtherType = ByteOrder.Htons(EtherType.IPv4);
        WriteOuterIpv4(ip, &pkt, real);
        return Count(EncapIpip, XdpAction.Tx);
    }

    /// <summary>The real for a flow: the connection table unless the VIP opts out or the packet is a SYN, else the ring.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static uint ChooseReal(LbPacket* pkt, uint vipNumber, uint vipFlags, bool syn)
    {
        bool useTable = (vipFlags & VipNoLru) == 0;
        if (useTable && !syn)
        {
            LbConnection* known = LbConnections.Lookup(pkt->Flow);
            if (known != null)
            {
                known->Packets += 1;
                Bump(ConnectionHit);
                return known->Real;
            }
        }
        uint hash = HashFlow(&pkt->Flow, (vipFlags & VipSourceHash) != 0);
        uint* slot = LbRing.Lookup(vipNumber * RingSize + (hash & (RingSize - 1)));
        if (slot == null) return NoReal;
        uint chosen = *slot;
        if (useTable)
        {
            LbConnection fresh = default;
            fresh.Real = chosen;
            fresh.Packets = 1;
            LbConnections.Update(pkt->Flow, fresh);
        }
        Bump(ConnectionNew);
        return chosen;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static uint HashFlow(LbFlowKey* flow, bool sourceOnly)
    {
        uint a = flow->Source[0] ^ flow->Source[1] ^ flow->Source[2] ^ flow->Source[3];
        if (sourceOnly) return Jhash.Final(a, 0x9E3779B9u, flow->Protocol);
        uint b = flow->Destination[0] ^ flow->Destination[1] ^ flow->Destination[2] ^ flow->Destination[3];
        uint c = (((uint)flow->SourcePort << 16) | flow->DestinationPort) ^ ((uint)flow->Protocol << 8);
        return Jhash.Final(a, b, c);
    }
}
