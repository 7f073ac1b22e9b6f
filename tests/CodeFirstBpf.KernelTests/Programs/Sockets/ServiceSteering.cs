using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>A service's key in <see cref="ServiceSteering"/>: the destination port (host order) and the protocol.</summary>
public struct ServiceKey
{
    /// <summary>The destination port, host order.</summary>
    public uint Port;
    /// <summary><c>IPPROTO_TCP</c> or <c>IPPROTO_UDP</c>.</summary>
    public uint Protocol;
}

/// <summary>
/// A socket-lookup program that steers a packet to the socket a <see cref="SockHash{TKey}"/> holds
/// for its (port, protocol); a socket that does not fit the packet (the kernel refuses the assign)
/// drops it, and every other packet takes the usual lookup.
/// </summary>
public static unsafe partial class ServiceSteering
{
    static readonly SockHash<ServiceKey> Services = new(maxEntries: 16);
    static readonly ArrayMap<ulong> Steered = new(maxEntries: 2);

    [SkLookup]
    public static SkAction Steer(SkLookupContext ctx)
    {
        var key = new ServiceKey { Port = ctx.LocalPort, Protocol = ctx.Protocol };
        BpfSock* service = Services.Lookup(key);
        if (service == null) return SkAction.Pass;
        long error = ctx.Assign(service, 0);
        Bpf.SkRelease(service);
        ulong* count = Steered.Lookup(error == 0 ? 0u : 1u);
        if (count != null) *count += 1;
        return error == 0 ? SkAction.Pass : SkAction.Drop;
    }
}
