using System.Runtime.CompilerServices;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace PodDataplane;

/// <summary><see cref="PodPrograms"/>' conntrack: lookup, the TCP state machine, and opening new flows through NAT, policy and routes.</summary>
public static unsafe partial class PodPrograms
{
    /// <summary>Conntrack entry kinds.</summary>
    public const byte KindNormal = 1, KindNatForward = 2;
    /// <summary>Conntrack states.</summary>
    public const byte StateSynSent = 1, StateSynAckSeen = 2, StateEstablished = 3, StateFinSeen = 4, StateClosed = 5, StateOpen = 6, StateReplied = 7;
    /// <summary>Conntrack flags.</summary>
    public const byte FlagNatReverse = 1, FlagFinOpener = 2, FlagFinReplier = 4;
    const byte TcpFin = 0x01, TcpSyn = 0x02, TcpRst = 0x04, TcpAck = 0x10;
    /// <summary>A policy rule's action: allow; anything else denies.</summary>
    public const uint ActionAllow = 1;

    /// <summary>Fills <paramref name="key"/> with the two ends, lower first; true when the source is end A.</summary>
    static bool MakeKey(ConntrackKey* key, uint source, ushort sourcePort, uint destination, ushort destinationPort, byte protocol)
    {
        key->Protocol = protocol;
        bool sourceFirst = source < destination || (source == destination && sourcePort <= destinationPort);
        if (sourceFirst)
        {
            key->AddressA = source;
            key->PortA = sourcePort;
            key->AddressB = destination;
            key->PortB = destinationPort;
        }
        else
        {
            key->AddressA = destination;
            key->PortA = destinationPort;
            key->AddressB = source;
            key->PortB = sourcePort;
        }
        return sourceFirst;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Track(PodPacket* pkt, NatPlan* plan)
    {
        ConntrackKey key = default;
        bool fromA = MakeKey(&key, pkt->Source, pkt->SourcePort, pkt->Destination, pkt->DestinationPort, pkt->Protocol);
        ConntrackEntry* entry = Conntrack.Lookup(key);
        if (entry == null) return OpenFlow(pkt, plan);
        if (entry->Kind == KindNatForward)
        {
            entry->Packets += 1;
            entry->LastSeenNs = Bpf.KtimeGetNs();
            plan->Action = PlanDnat;
            plan->Address = entry->NatAddress;
            plan->Port = entry->NatPort;
            fromA = MakeKey(&key, pkt->Source, pkt->SourcePort, plan->Address, plan->Port, pkt->Protocol);
            entry = Conntrack.Lookup(key);
            if (entry == null) return Verdict(Reason.CtInvalid, VerdictShot);
        }
        else if ((entry->Flags & FlagNatReverse) != 0 && fromA != (entry->OpenerIsA != 0))
        {
            plan->Action = PlanSnat;
            plan->Address = entry->NatAddress;
            plan->Port = entry->NatPort;
        }
        return Advance(entry, &key, pkt, fromA);
    }

    /// <summary>Counts the packet on its entry and moves the TCP state machine; RST deletes, FIN both ways closes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Advance(ConntrackEntry* entry, ConntrackKey* key, PodPacket* pkt, bool fromA)
    {
        Bump(Reason.CtHit);
        entry->Packets += 1;
        entry->Bytes += pkt->Length;
        entry->LastSeenNs = Bpf.KtimeGetNs();
        bool opener = fromA == (entry->OpenerIsA != 0);
        if (pkt->Protocol != IpProtocol.Tcp)
        {
            if (!opener && entry->State == StateOpen) entry->State = StateReplied;
            return VerdictOk;
        }
        byte flags = pkt->TcpFlags;
        if ((flags & TcpRst) != 0)
        {
            Log(pkt, LogReset, Reason.CtReset, entry);
            Conntrack.Delete(*key);
            return Verdict(Reason.CtReset, VerdictOk);
        }
        switch (entry->State)
        {
            case StateSynSent:
                if (!opener && (flags & (TcpSyn | TcpAck)) == (TcpSyn | TcpAck)) entry->State = StateSynAckSeen;
                else if (!opener || (flags & TcpSyn) == 0) return Verdict(Reason.CtInvalid, VerdictShot);
                break;
            case StateSynAckSeen:
                if (opener && (flags & (TcpSyn | TcpAck)) == TcpAck)
                {
                    entry->State = StateEstablished;
                    Bump(Reason.CtEstablished);
                }
                break;
            case StateEstablished:
            case StateFinSeen:
                if ((flags & TcpFin) != 0)
                {
                    entry->Flags |= opener ? FlagFinOpener : FlagFinReplier;
                    entry->State = StateFinSeen;
                }
                if ((entry->Flags & (FlagFinOpener | FlagFinReplier)) == (FlagFinOpener | FlagFinReplier))
                {
                    entry->State = StateClosed;
                    Bump(Reason.CtClosed);
                    Log(pkt, LogClosed, Reason.CtClosed, entry);
                }
                break;
        }
        return VerdictOk;
    }

    /// <summary>A new flow: TCP must open with SYN; a service VIP picks a backend by flow hash; then policy and a route; then two entries (one more for NAT).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int OpenFlow(PodPacket* pkt, NatPlan* plan)
    {
        uint destination = pkt->Destination;
        ushort destinationPort = pkt->DestinationPort;
        bool nat = false;
        if (pkt->Protocol == IpProtocol.Tcp || pkt->Protocol == IpProtocol.Udp)
        {
            FrontendKey frontend = default;
            frontend.Address = destination;
            frontend.Port = destinationPort;
            frontend.Protocol = pkt->Protocol;
            ServiceEntry* service = Frontends.Lookup(frontend);
            if (service != null)
            {
                if (service->Count == 0) return Verdict(Reason.NoBackend, VerdictShot);
                BackendKey which = default;
                which.Service = service->Id;
                which.Ordinal = FlowHash(pkt->Source, destination, ((uint)pkt->SourcePort << 16) | destinationPort) % service->Count;
                BackendEntry* backend = Backends.Lookup(which);
                if (backend == null) return Verdict(Reason.NoBackend, VerdictShot);
                destination = backend->Address;
                destinationPort = backend->Port;
                nat = true;
            }
        }
        if (!Admit(pkt, destinationPort)) return VerdictShot;
        var route = new LpmKey<uint> { PrefixLength = 32, Data = destination };
        if (Routes.Lookup(route) == null) return Verdict(Reason.RouteMiss, VerdictShot);

        ConntrackEntry fresh = default;
        if (nat)
        {
            fresh.Flags = FlagNatReverse;
            fresh.NatAddress = pkt->Destination;
            fresh.NatPort = pkt->DestinationPort;
        }
        if (!InsertConnection(pkt, destination, destinationPort, &fresh)) return Verdict(Reason.CtFull, VerdictShot);
        if (!nat)
        {
            Log(pkt, LogNew, Reason.CtNew, &fresh);
            return Verdict(Reason.CtNew, VerdictOk);
        }
        ConntrackKey frontKey = default;
        bool frontA = MakeKey(&frontKey, pkt->Source, pkt->SourcePort, pkt->Destination, pkt->DestinationPort, pkt->Protocol);
        ConntrackEntry forward = default;
        forward.Kind = KindNatForward;
        forward.OpenerIsA = (byte)(frontA ? 1 : 0);
        forward.Packets = 1;
        forward.Bytes = pkt->Length;
        forward.LastSeenNs = fresh.LastSeenNs;
        forward.NatAddress = destination;
        forward.NatPort = destinationPort;
        if (Conntrack.Update(frontKey, forward) != 0) return Verdict(Reason.CtFull, VerdictShot);
        plan->Action = PlanDnat;
        plan->Address = destination;
        plan->Port = destinationPort;
        Log(pkt, LogNew, Reason.CtNew, &forward);
        return Verdict(Reason.CtNew, VerdictOk);
    }

    /// <summary>A new flow the host sends towards a workload: policy, then one normal entry (no NAT).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int OpenFromHost(PodPacket* pkt)
    {
        if (!Admit(pkt, pkt->DestinationPort)) return VerdictShot;
        ConntrackEntry fresh = default;
        if (!InsertConnection(pkt, pkt->Destination, pkt->DestinationPort, &fresh)) return Verdict(Reason.CtFull, VerdictShot);
        Log(pkt, LogNew, Reason.CtNew, &fresh);
        return Verdict(Reason.CtNew, VerdictOk);
    }

    /// <summary>Whether a new flow may open: TCP only with a bare SYN, then policy for the destination port; a denial is logged.</summary>
    static bool Admit(PodPacket* pkt, ushort destinationPort)
    {
        if (pkt->Protocol == IpProtocol.Tcp && (pkt->TcpFlags & (TcpSyn | TcpAck | TcpRst | TcpFin)) != TcpSyn)
        {
            Bump(Reason.NotSyn);
            return false;
        }
        if (PolicyAllows(pkt->Source, destinationPort, pkt->Protocol)) return true;
        Log(pkt, LogDenied, Reason.PolicyDeny, null);
        Bump(Reason.PolicyDeny);
        return false;
    }

    /// <summary>
    /// Writes the connection entry of <paramref name="pkt"/>'s flow to the (translated) destination:
    /// <paramref name="fresh"/> comes with its NAT fields set or zero; the rest is filled here.
    /// </summary>
    static bool InsertConnection(PodPacket* pkt, uint destination, ushort destinationPort, ConntrackEntry* fresh)
    {
        ConntrackKey key = default;
        bool fromA = MakeKey(&key, pkt->Source, pkt->SourcePort, destination, destinationPort, pkt->Protocol);
        fresh->Kind = KindNormal;
        fresh->State = pkt->Protocol == IpProtocol.Tcp ? StateSynSent : StateOpen;
        fresh->OpenerIsA = (byte)(fromA ? 1 : 0);
        fresh->Packets = 1;
        fresh->Bytes = pkt->Length;
        fresh->LastSeenNs = Bpf.KtimeGetNs();
        return Conntrack.Update(key, *fresh) == 0;
    }

    /// <summary>
    /// Policy for a new flow, default deny: the source's policy by longest prefix, then its rule for
    /// (protocol, destination port), else its rule for (protocol, any port); no policy or no rule denies.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static bool PolicyAllows(uint source, ushort port, byte protocol)
    {
        var cidr = new LpmKey<uint> { PrefixLength = 32, Data = source };
        uint* policy = PolicySources.Lookup(cidr);
        if (policy == null) return false;
        RuleKey rule = default;
        rule.Policy = *policy;
        rule.Port = port;
        rule.Protocol = protocol;
        uint* action = PolicyRules.Lookup(rule);
        if (action == null)
        {
            rule.Port = 0;
            action = PolicyRules.Lookup(rule);
        }
        if (action == null || *action != ActionAllow) return false;
        Bump(Reason.PolicyAllow);
        return true;
    }
}
