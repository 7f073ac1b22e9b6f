using System.Runtime.CompilerServices;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace PodDataplane;

/// <summary><see cref="PodPrograms"/>' packet rewriting: NAT with the checksum helpers, the flow hash, and routing by redirect.</summary>
public static unsafe partial class PodPrograms
{
    /// <summary>
    /// The hash that spreads a service's new flows over its backends: murmur3's 32-bit finaliser
    /// over the three words folded together. The same flow always lands on the same backend.
    /// </summary>
    public static uint FlowHash(uint a, uint b, uint c)
    {
        uint h = a ^ (b * 0x9E3779B1u) ^ (c * 0x85EBCA77u);
        h ^= h >> 16;
        h *= 0x85EBCA6Bu;
        h ^= h >> 13;
        h *= 0xC2B2AE35u;
        h ^= h >> 16;
        return h;
    }

    /// <summary>Rewrites the destination (DNAT) or source (SNAT) address and port, fixing both checksums through the helpers.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static bool Rewrite(TcContext ctx, PodPacket* pkt, NatPlan* plan)
    {
        bool source = plan->Action == PlanSnat;
        uint oldAddress = source ? pkt->Source : pkt->Destination;
        ushort oldPort = source ? pkt->SourcePort : pkt->DestinationPort;
        uint newAddress = plan->Address;
        ushort newPort = plan->Port;
        uint l3 = pkt->L3Offset;
        uint l4 = pkt->L4Offset;
        uint check = pkt->Protocol == IpProtocol.Tcp ? l4 + 16 : pkt->UdpChecksummed != 0 ? l4 + 6 : 0;
        if (check != 0)
        {
            if (ctx.L4CsumReplace(check, oldAddress, newAddress, 4, pseudoHeader: true) != 0) return false;
            if (ctx.L4CsumReplace(check, oldPort, newPort, 2) != 0) return false;
        }
        if (ctx.StoreBytes(source ? l4 : l4 + 2, &newPort, 2) != 0) return false;
        if (ctx.L3CsumReplace(l3 + 10, oldAddress, newAddress, 4) != 0) return false;
        if (ctx.StoreBytes(source ? l3 + 12 : l3 + 16, &newAddress, 4) != 0) return false;
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
        pkt->RouteDestination = pkt->Destination;
        return true;
    }

    /// <summary>
    /// Routes by the (translated) destination: a local workload gets the packet redirected out of its
    /// interface with the route's MAC addresses and the TTL decremented; a host route hands it to the
    /// stack; no route drops it, so nothing the dataplane does not know leaves the host.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static TcAction Forward(TcContext ctx, PodPacket* pkt)
    {
        var key = new LpmKey<uint> { PrefixLength = 32, Data = pkt->RouteDestination };
        RouteEntry* route = Routes.Lookup(key);
        if (route == null) return Count(Reason.RouteMiss, TcAction.Shot);
        if ((route->Flags & RouteLocalWorkload) == 0) return Count(Reason.ToHost, TcAction.Ok);
        uint ifIndex = route->IfIndex;
        if (ctx.StoreBytes(0, &route->Mac0, 12) != 0) return Count(Reason.RewriteFailed, TcAction.Shot);
        if (pkt->Ttl <= 1) return Count(Reason.RouteMiss, TcAction.Shot);
        ushort oldWord = (ushort)(pkt->Ttl | (pkt->Protocol << 8));
        byte ttl = (byte)(pkt->Ttl - 1);
        ushort newWord = (ushort)(ttl | (pkt->Protocol << 8));
        if (ctx.L3CsumReplace(pkt->L3Offset + 10, oldWord, newWord, 2) != 0) return Count(Reason.RewriteFailed, TcAction.Shot);
        if (ctx.StoreBytes(pkt->L3Offset + 8, &ttl, 1) != 0) return Count(Reason.RewriteFailed, TcAction.Shot);
        Bump(Reason.Redirected);
        return (TcAction)Bpf.Redirect(ifIndex, 0);
    }
}
