using System.Runtime.CompilerServices;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// A TC pipeline in the manner of Calico's felix/bpf-gpl: IPv4 parsing (options skipped by IHL,
/// later fragments passed), conntrack in an LRU map with TCP states (SYN, SYN-ACK, established,
/// FIN from each side, RST deletes), NAT frontends → backends chosen by flow hash with a NAT-forward
/// entry and reverse SNAT of replies, checksums fixed with <c>bpf_l3_csum_replace</c>/
/// <c>bpf_l4_csum_replace</c> and written with <c>bpf_skb_store_bytes</c>, policy for new flows
/// (source CIDR → set by LPM, then set/port/protocol rules by hash, port-0 wildcard), LPM routes
/// with TTL decrement for forwarded packets, per-CPU counters per reason. The tables are filled
/// by control frames (EtherType 0x88B6, see <c>TcPipeline.Control.cs</c>).
/// </summary>
public static unsafe partial class TcPipeline
{
    const ushort ControlType = 0x88B6;
    const int VerdictOk = 0, VerdictShot = 2;
    const int ParsedOk = 0, ParsedPass = 1, ParsedDrop = 2;
    const byte PlanNone = 0, PlanDnat = 1, PlanSnat = 2;
    const uint RouteLocal = 1;
    const uint IpTtlOffset = 14 + 8, IpChecksumOffset = 14 + 10, IpSourceOffset = 14 + 12, IpDestinationOffset = 14 + 16;
    const uint NotIpv4 = 0, ControlApplied = 1, ControlRejected = 2, Malformed = 3, Fragment = 4, Untracked = 5,
        CtHit = 6, CtNew = 7, CtInvalid = 8, CtReset = 9, NotSyn = 10, NatDnat = 11, NatSnat = 12, NoBackend = 13,
        PolicyDeny = 14, PolicyAllow = 15, RouteMiss = 16, TtlExceeded = 17, Forwarded = 18, Local = 19,
        RewriteFailed = 20, CtEstablished = 21, CtClosed = 22, Ipv6Seen = 23, CtFull = 24;

    static readonly LruHashMap<PlCtKey, PlCtEntry> PlConntrack = new(maxEntries: 4096);
    static readonly HashMap<PlNatKey, PlService> PlFrontends = new(maxEntries: 64);
    static readonly HashMap<PlBackendKey, PlBackend> PlBackends = new(maxEntries: 256);
    static readonly LpmTrieMap<uint, PlRoute> PlRoutes = new(maxEntries: 64);
    static readonly LpmTrieMap<uint, uint> PlPolicySets = new(maxEntries: 64);
    static readonly HashMap<PlRuleKey, uint> PlRules = new(maxEntries: 256);
    static readonly PerCpuArrayMap<ulong> PlCounters = new(maxEntries: 32);

    static void Bump(uint slot)
    {
        ulong* c = PlCounters.Lookup(slot);
        if (c != null) *c += 1;
    }

    static TcAction Count(uint slot, TcAction verdict)
    {
        Bump(slot);
        return verdict;
    }

    static int Verdict(uint slot, int verdict)
    {
        Bump(slot);
        return verdict;
    }

    [Tc]
    public static TcAction Process(TcContext ctx)
    {
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)data;
        if (eth + 1 > end) return Count(Malformed, TcAction.Shot);
        if (eth->EtherType == ByteOrder.Htons(ControlType))
            return Count(ApplyControl((PlControl*)(eth + 1), end) ? ControlApplied : ControlRejected, TcAction.Shot);
        if (eth->EtherType == ByteOrder.Htons(EtherType.IPv6)) return Count(Ipv6Seen, TcAction.Ok);
        if (eth->EtherType != ByteOrder.Htons(EtherType.IPv4)) return Count(NotIpv4, TcAction.Ok);

        PlPacket pkt = default;
        int parsed = Parse(data, end, &pkt);
        if (parsed == ParsedPass) return TcAction.Ok;
        if (parsed == ParsedDrop) return TcAction.Shot;
        PlNatPlan plan = default;
        if (Conntrack(&pkt, &plan) != VerdictOk) return TcAction.Shot;
        if (plan.Action != PlanNone)
        {
            if (!Rewrite(ctx, &pkt, &plan)) return Count(RewriteFailed, TcAction.Shot);
            Bump(plan.Action == PlanDnat ? NatDnat : NatSnat);
        }
        return Forward(ctx, &pkt);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Parse(byte* data, byte* end, PlPacket* pkt)
    {
        var ip = (IPv4Header*)(data + sizeof(EthernetHeader));
        if (ip + 1 > end) return Verdict(Malformed, ParsedDrop);
        int ihl = ip->HeaderLength;
        if (ihl < sizeof(IPv4Header)) return Verdict(Malformed, ParsedDrop);
        if ((ip->FragmentOffset & ByteOrder.Htons(0x1FFF)) != 0) return Verdict(Fragment, ParsedPass);
        pkt->Source = ip->SourceAddress;
        pkt->Destination = ip->DestinationAddress;
        pkt->Protocol = ip->Protocol;
        pkt->Ttl = ip->Ttl;
        pkt->L4Offset = (uint)(sizeof(EthernetHeader) + ihl);
        pkt->Length = (uint)(end - data);
        byte* l4 = (byte*)ip + ihl;
        if (ip->Protocol == IpProtocol.Tcp)
        {
            var tcp = (TcpHeader*)l4;
            if (tcp + 1 > end) return Verdict(Malformed, ParsedDrop);
            pkt->SourcePort = tcp->SourcePort;
            pkt->DestinationPort = tcp->DestinationPort;
            pkt->TcpFlags = tcp->Flags;
            return ParsedOk;
        }
        if (ip->Protocol == IpProtocol.Udp)
        {
            var udp = (UdpHeader*)l4;
            if (udp + 1 > end) return Verdict(Malformed, ParsedDrop);
            pkt->SourcePort = udp->SourcePort;
            pkt->DestinationPort = udp->DestinationPort;
            pkt->UdpChecksummed = (byte)(udp->Checksum != 0 ? 1 : 0);
            return ParsedOk;
        }
        if (ip->Protocol == IpProtocol.Icmp)
        {
            var icmp = (IcmpHeader*)l4;
            if (icmp + 1 > end) return Verdict(Malformed, ParsedDrop);
            ushort id = (ushort)icmp->Rest;
            if (icmp->Type == 8)
            {
                pkt->SourcePort = id;
                return ParsedOk;
            }
            if (icmp->Type == 0)
            {
                pkt->DestinationPort = id;
                return ParsedOk;
            }
        }
        return Verdict(Untracked, ParsedPass);
    }

    /// <summary>Rewrites the destination (DNAT) or source (SNAT) address and port, fixing both checksums through the helpers.</summary>
    static bool Rewrite(TcContext ctx, PlPacket* pkt, PlNatPlan* plan)
    {
        bool source = plan->Action == PlanSnat;
        uint oldAddress = source ? pkt->Source : pkt->Destination;
        ushort oldPort = source ? pkt->SourcePort : pkt->DestinationPort;
        uint newAddress = plan->Address;
        ushort newPort = plan->Port;
        uint l4 = pkt->L4Offset;
        uint check = pkt->Protocol == IpProtocol.Tcp ? l4 + 16 : pkt->UdpChecksummed != 0 ? l4 + 6 : 0;
        if (check != 0)
        {
            if (ctx.L4CsumReplace(check, oldAddress, newAddress, 4, pseudoHeader: true) != 0) return false;
            if (ctx.L4CsumReplace(check, oldPort, newPort, 2) != 0) return false;
        }
        if (ctx.StoreBytes(source ? l4 : l4 + 2, &newPort, 2) != 0) return false;
        if (ctx.L3CsumReplace(IpChecksumOffset, oldAddress, newAddress, 4) != 0) return false;
        if (ctx.StoreBytes(source ? IpSourceOffset : IpDestinationOffset, &newAddress, 4) != 0) return false;
        if (source)
        {
            pkt->Source = newAddress;
            pkt->SourcePort = newPort;
        }
        else
        {
            pkt->Destination = newAddress;
            pkt->DestinationPort = newPort;
        }
        return true;
    }

    /// <summary>Routes by the (translated) destination: local delivery, or a TTL decrement and the route's interface as the mark.</summary>
    static TcAction Forward(TcContext ctx, PlPacket* pkt)
    {
        var key = new LpmKey<uint> { PrefixLength = 32, Data = pkt->Destination };
        PlRoute* route = PlRoutes.Lookup(key);
        if (route == null) return Count(RouteMiss, TcAction.Shot);
        if ((route->Flags & RouteLocal) != 0) return Count(Local, TcAction.Ok);
        uint ifIndex = route->IfIndex;
        if (pkt->Ttl <= 1) return Count(TtlExceeded, TcAction.Shot);
        ushort oldWord = (ushort)(pkt->Ttl | (pkt->Protocol << 8));
        byte ttl = (byte)(pkt->Ttl - 1);
        ushort newWord = (ushort)(ttl | (pkt->Protocol << 8));
        if (ctx.L3CsumReplace(IpChecksumOffset, oldWord, newWord, 2) != 0) return Count(RewriteFailed, TcAction.Shot);
        if (ctx.StoreBytes(IpTtlOffset, &ttl, 1) != 0) return Count(RewriteFailed, TcAction.Shot);
        ctx.Mark = ifIndex;
        return Count(Forwarded, TcAction.Ok);
    }
}
