using System.Threading;
using CodeFirstBpf;

namespace ServiceBalancerSample;

/// <summary>An IPv4 address and port as a <c>sockaddr_in</c> holds them (network byte order).</summary>
public struct Endpoint4
{
    public uint Ip;
    public uint Port;
}

/// <summary>A service: how many backends it has and where they start in <c>Backends</c>.</summary>
public struct Service
{
    public uint First;
    public uint Count;
}

/// <summary>
/// Connect-time load balancing, as Calico's eBPF mode does it for local clients: a connect (TCP,
/// connected UDP) or an unconnected UDP send to a service VIP:port goes to one of its backends,
/// chosen round robin; the reply's source (recvmsg) and the socket's peer (getpeername) show the
/// VIP again, so the client never sees the backend and no packet is NATed. The four programs are
/// attached to a cgroup v2: every process in it (and its descendants) reaches services this way.
/// </summary>
public static unsafe partial class ServiceBalancer
{
    static readonly HashMap<Endpoint4, Service> Services = new(maxEntries: 64);
    static readonly ArrayMap<Endpoint4> Backends = new(maxEntries: 256);
    /// <summary>Backend → the service it answers for, to show the VIP to the client.</summary>
    static readonly HashMap<Endpoint4, Endpoint4> ServiceOf = new(maxEntries: 256);
    /// <summary>Per service slot: how many connections were balanced (the round-robin counter).</summary>
    static readonly ArrayMap<ulong> Balanced = new(maxEntries: 64);

    [CgroupSockAddr(SockAddrHook.Connect4)]
    public static SockAddrAction Connect4(SockAddrContext ctx) => ToBackend(ctx);

    [CgroupSockAddr(SockAddrHook.SendMsg4)]
    public static SockAddrAction SendMsg4(SockAddrContext ctx) => ToBackend(ctx);

    [CgroupSockAddr(SockAddrHook.RecvMsg4)]
    public static SockAddrAction RecvMsg4(SockAddrContext ctx) => ToService(ctx);

    [CgroupSockAddr(SockAddrHook.GetPeerName4)]
    public static SockAddrAction GetPeerName4(SockAddrContext ctx) => ToService(ctx);

    private static SockAddrAction ToBackend(SockAddrContext ctx)
    {
        var vip = new Endpoint4 { Ip = ctx.UserIp4, Port = ctx.UserPort };
        Service* service = Services.Lookup(vip);
        if (service == null || service->Count == 0) return SockAddrAction.Proceed;
        ulong* turns = Balanced.Lookup(service->First & 63);
        if (turns == null) return SockAddrAction.Proceed;
        ulong turn = Interlocked.Increment(ref *turns) - 1;
        Endpoint4* backend = Backends.Lookup(service->First + (uint)(turn % service->Count));
        if (backend == null) return SockAddrAction.Reject;
        ctx.UserIp4 = backend->Ip;
        ctx.UserPort = backend->Port;
        return SockAddrAction.Proceed;
    }

    private static SockAddrAction ToService(SockAddrContext ctx)
    {
        var backend = new Endpoint4 { Ip = ctx.UserIp4, Port = ctx.UserPort };
        Endpoint4* vip = ServiceOf.Lookup(backend);
        if (vip != null)
        {
            ctx.UserIp4 = vip->Ip;
            ctx.UserPort = vip->Port;
        }
        return SockAddrAction.Proceed;
    }
}
