using System.Runtime.CompilerServices;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary><see cref="TcPipeline"/>'s conntrack: lookup, the TCP state machine, and opening new flows through NAT, policy and routes.</summary>
public static unsafe partial class TcPipeline
{
    const byte KindNormal = 1, KindNatForward = 2;
    const byte StateSynSent = 1, StateSynAckSeen = 2, StateEstablished = 3, StateFinSeen = 4, StateClosed = 5, StateOpen = 6, StateReplied = 7;
    const byte FlagNatReverse = 1, FlagFinOpener = 2, FlagFinReplier = 4;
    const byte TcpFin = 0x01, TcpSyn = 0x02, TcpRst = 0x04, TcpAck = 0x10;
    const uint ActionAllow = 1;

    /// <summary>Fills <paramref name="key"/> with the two ends, lower first; true when the source is end A.</summary>
    static bool MakeKey(PlCtKey* key, uint source, ushort sourcePort, uint destination, ushort destinationPort, byte protocol)
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
    static int Conntrack(PlPacket* pkt, PlNatPlan* plan)
    {
        PlCtKey key = default;
        bool fromA = MakeKey(&key, pkt->Source, pkt->SourcePort, pkt->Destination, pkt->DestinationPort, pkt->Protocol);
        PlCtEntry* entry = PlConntrack.Lookup(key);
        if (entry == null) return OpenFlow(pkt, plan);
        if (entry->Kind == KindNatForward)
        {
            entry->Packets += 1;
            plan->Action = PlanDnat;
            plan->Address = entry->NatAddress;
            plan->Port = entry->NatPort;
            fromA = MakeKey(&key, pkt->Source, pkt->SourcePort, plan->Address, plan->Port, pkt->Protocol);
            entry = PlConntrack.Lookup(key);
            if (entry == null) return Verdict(CtInvalid, VerdictShot);
        }
        else if ((entry->Flags & FlagNatReverse) != 0 && fromA != (entry->OpenerIsA != 0))
        {
            plan->Action = PlanSnat;
            plan->Address = entry->NatAddress;
            plan->Port = entry->NatPort;
        }
        return Track(entry, &key, pkt, fromA);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Track(PlCtEntry* entry, PlCtKey* key, PlPacket* pkt, bool fromA)
    {
        Bump(CtHit);
        entry->Packets += 1;
        entry->Bytes += pkt->Length;
        bool opener = fromA == (entry->OpenerIsA != 0);
        if (pkt->Protocol != IpProtocol.Tcp)
        {
            if (!opener && entry->State == StateOpen) entry->State = StateReplied;
            return VerdictOk;
        }
        byte flags = pkt->TcpFlags;
        if ((flags & TcpRst) != 0)
        {
            PlConntrack.Delete(*key);
            return Verdict(CtReset, VerdictOk);
        }
        switch (entry->State)
        {
            case StateSynSent:
                if (!opener && (flags & (TcpSyn | TcpAck)) == (TcpSyn | TcpAck)) entry->State = StateSynAckSeen;
                else if (!opener || (flags & TcpSyn) == 0) return Verdict(CtInvalid, VerdictShot);
                break;
            case StateSynAckSeen:
                if (opener && (flags & (TcpSyn | TcpAck)) == TcpAck)
                {
                    entry->State = StateEstablished;
                    Bump(CtEstablished);
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
                    Bump(CtClosed);
                }
                break;
        }
        return VerdictOk;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int OpenFlow(PlPacket* pkt, PlNatPlan* plan)
    {
        if (pkt->Protocol == IpProtocol.Tcp && (pkt->TcpFlags & (TcpSyn | TcpAck | TcpRst | TcpFin)) != TcpSyn)
            return Verdict(NotSyn, VerdictShot);
        uint destination = pkt->Destination;
        ushort destinationPort = pkt->DestinationPort;
        bool nat = false;
        if (pkt->Protocol == IpProtocol.Tcp || pkt->Protocol == IpProtocol.Udp)
        {
            PlNatKey frontend = default;
            frontend.Address = destination;
            frontend.Port = destinationPort;
            frontend.Protocol = pkt->Protocol;
            PlService* service = PlFrontends.Lookup(frontend);
            if (service != null)
            {
                if (service->Count == 0) return Verdict(NoBackend, VerdictShot);
                PlBackendKey which = default;
                which.Service = service->Id;
                which.Ordinal = Jhash.Final(pkt->Source, destination, ((uint)pkt->SourcePort << 16) | destinationPort) % service->Count;
                PlBackend* backend = PlBackends.Lookup(which);
                if (backend == null) return Verdict(NoBackend, VerdictShot);
                destination = backend->Address;
                destinationPort = backend->Port;
                nat = true;
            }
        }
        if (!PolicyAllows(pkt->Source, destinationPort, pkt->Protocol)) return Verdict(PolicyDeny, VerdictShot);
        var route = new LpmKey<uint> { PrefixLength = 32, Data = destination };
        if (PlRoutes.Lookup(route) == null) return Verdict(RouteMiss, VerdictShot);

        PlCtKey key = default;
        bool fromA = MakeKey(&key, pkt->Source, pkt->SourcePort, destination, destinationPort, pkt->Protocol);
        PlCtEntry fresh = default;
        fresh.Kind = KindNormal;
        fresh.State = pkt->Protocol == IpProtocol.Tcp ? StateSynSent : StateOpen;
        fresh.OpenerIsA = (byte)(fromA ? 1 : 0);
        fresh.Packets = 1;
        fresh.Bytes = pkt->Length;
        if (nat)
        {
            fresh.Flags = FlagNatReverse;
            fresh.NatAddress = pkt->Destination;
            fresh.NatPort = pkt->DestinationPort;
        }
        if (PlConntrack.Update(key, fresh) != 0) return Verdict(CtFull, VerdictShot);
        if (nat)
        {
            PlCtKey frontKey = default;
            bool frontA = MakeKey(&frontKey, pkt->Source, pkt->SourcePort, pkt->Destination, pkt->DestinationPort, pkt->Protocol);
            PlCtEntry forward = default;
            forward.Kind = KindNatForward;
            forward.OpenerIsA = (byte)(frontA ? 1 : 0);
            forward.Packets = 1;
            forward.NatAddress = destination;
            forward.NatPort = destinationPort;
            if (PlConntrack.Update(frontKey, forward) != 0) return Verdict(CtFull, VerdictShot);
            plan->Action = PlanDnat;
            plan->Address = destination;
            plan->Port = destinationPort;
        }
        return Verdict(CtNew, VerdictOk);
    }

    /// <summary>Policy for a new flow: the source's set (longest prefix, else set 0), then its rule for the port or any port; no rule allows set 0 only.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static bool PolicyAllows(uint source, ushort port, byte protocol)
    {
        var cidr = new LpmKey<uint> { PrefixLength = 32, Data = source };
        uint* set = PlPolicySets.Lookup(cidr);
        PlRuleKey rule = default;
        rule.Set = set != null ? *set : 0;
        rule.Port = port;
        rule.Protocol = protocol;
        uint* action = PlRules.Lookup(rule);
        if (action == null)
        {
            rule.Port = 0;
            action = PlRules.Lookup(rule);
        }
        bool allowed = action != null ? *action == ActionAllow : rule.Set == 0;
        if (allowed) Bump(PolicyAllow);
        return allowed;
    }
}
