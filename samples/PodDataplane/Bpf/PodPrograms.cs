using System.Runtime.CompilerServices;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace PodDataplane;

/// <summary>
/// A pod dataplane in the manner of Calico's eBPF mode, three programs sharing one set of maps:
/// <see cref="Prefilter"/> (XDP on every workload interface: block-listed source CIDRs and a
/// per-source packet rate dropped before the stack), <see cref="FromWorkload"/> (TC ingress:
/// conntrack, policy, service NAT, routes and the redirect to the destination workload) and
/// <see cref="ToWorkload"/> (TC egress: only tracked flows, or new ones policy allows, reach the
/// workload). The control plane fills the maps; programs are never reloaded for a config change.
/// </summary>
public static unsafe partial class PodPrograms
{
    internal const int VerdictOk = 0, VerdictShot = 2;
    internal const int ParsedOk = 0, ParsedPass = 1, ParsedDrop = 2;
    internal const byte PlanNone = 0, PlanDnat = 1, PlanSnat = 2;
    /// <summary>Route flag: a workload on this host, reached by redirect.</summary>
    public const uint RouteLocalWorkload = 1;
    /// <summary>Route flag: hand the packet to the host's stack.</summary>
    public const uint RouteHost = 2;
    /// <summary>Flow-log kinds.</summary>
    public const byte LogNew = 1, LogDenied = 2, LogClosed = 3, LogReset = 4;

    internal static readonly LruHashMap<ConntrackKey, ConntrackEntry> Conntrack = new(maxEntries: 65536);
    internal static readonly HashMap<FrontendKey, ServiceEntry> Frontends = new(maxEntries: 1024);
    internal static readonly HashMap<BackendKey, BackendEntry> Backends = new(maxEntries: 16384);
    internal static readonly LpmTrieMap<uint, RouteEntry> Routes = new(maxEntries: 1024);
    internal static readonly LpmTrieMap<uint, uint> PolicySources = new(maxEntries: 16384);
    internal static readonly HashMap<RuleKey, uint> PolicyRules = new(maxEntries: 16384);
    internal static readonly PerCpuArrayMap<ulong> Counters = new(maxEntries: Reason.Count);
    internal static readonly RingBufferMap<FlowEvent> FlowLog = new(sizeBytes: 256 * 1024);

    static void Bump(uint slot)
    {
        ulong* c = Counters.Lookup(slot);
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

    /// <summary>TC ingress of a workload's host-side interface: everything the workload sends.</summary>
    [Tc]
    public static TcAction FromWorkload(TcContext ctx)
    {
        PodPacket pkt = default;
        int parsed = Parse(ctx.Data, ctx.DataEnd, &pkt);
        if (parsed == ParsedPass) return TcAction.Ok;
        if (parsed == ParsedDrop) return TcAction.Shot;
        if (pkt.IcmpError != 0)
        {
            if (!IcmpRelated(&pkt)) return TcAction.Shot;
            return Forward(ctx, &pkt);
        }
        NatPlan plan = default;
        if (Track(&pkt, &plan) != VerdictOk) return TcAction.Shot;
        if (plan.Action != PlanNone)
        {
            if (!Rewrite(ctx, &pkt, &plan)) return Count(Reason.RewriteFailed, TcAction.Shot);
            Bump(plan.Action == PlanDnat ? Reason.NatDnat : Reason.NatSnat);
        }
        return Forward(ctx, &pkt);
    }

    /// <summary>
    /// TC egress towards a workload: packets of a tracked flow (the ones <see cref="FromWorkload"/>
    /// redirected here) pass; a new flow from the host must pass policy and is tracked.
    /// </summary>
    [Tc]
    public static TcAction ToWorkload(TcContext ctx)
    {
        PodPacket pkt = default;
        int parsed = Parse(ctx.Data, ctx.DataEnd, &pkt);
        if (parsed == ParsedPass) return TcAction.Ok;
        if (parsed == ParsedDrop) return TcAction.Shot;
        if (pkt.IcmpError != 0) return IcmpRelated(&pkt) ? TcAction.Ok : TcAction.Shot;
        ConntrackKey key = default;
        MakeKey(&key, pkt.Source, pkt.SourcePort, pkt.Destination, pkt.DestinationPort, pkt.Protocol);
        if (Conntrack.Lookup(key) != null) return Count(Reason.EgressTracked, TcAction.Ok);
        Bump(Reason.EgressNew);
        return OpenFromHost(&pkt) == VerdictOk ? TcAction.Ok : TcAction.Shot;
    }

    /// <summary>An ICMP error passes only when the packet it quotes belongs to a tracked flow.</summary>
    static bool IcmpRelated(PodPacket* pkt)
    {
        ConntrackKey key = default;
        MakeKey(&key, pkt->Source, pkt->SourcePort, pkt->Destination, pkt->DestinationPort, pkt->Protocol);
        if (Conntrack.Lookup(key) == null)
        {
            Bump(Reason.IcmpUnrelated);
            return false;
        }
        Bump(Reason.IcmpRelated);
        return true;
    }

    /// <summary>Writes one flow-log record; a full ring buffer loses the record, never the packet.</summary>
    static void Log(PodPacket* pkt, byte kind, uint reason, ConntrackEntry* entry)
    {
        FlowEvent* e = FlowLog.Reserve();
        if (e == null) return;
        e->TimeNs = Bpf.KtimeGetNs();
        e->Source = pkt->Source;
        e->Destination = pkt->Destination;
        e->SourcePort = pkt->SourcePort;
        e->DestinationPort = pkt->DestinationPort;
        e->Protocol = pkt->Protocol;
        e->Kind = kind;
        e->Reason = reason;
        if (entry != null)
        {
            e->Packets = entry->Packets;
            e->Bytes = entry->Bytes;
            e->NatAddress = entry->NatAddress;
            e->NatPort = entry->NatPort;
        }
        else
        {
            e->Packets = 1;
            e->Bytes = pkt->Length;
            e->NatAddress = 0;
            e->NatPort = 0;
        }
        FlowLog.Submit(e);
    }
}
