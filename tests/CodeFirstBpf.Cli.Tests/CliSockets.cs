using CodeFirstBpf;

namespace CodeFirstBpf.Cli.Tests;

/// <summary>
/// Programs of the socket types for the CLI tests: a socket filter and a cgroup skb program that
/// keep only UDP, and an sk_lookup program that drops lookups to port 9 and passes the rest.
/// </summary>
public static unsafe partial class CliSockets
{
    static readonly SockMap Listeners = new(maxEntries: 1);

    [SocketFilter]
    public static long KeepUdp(SocketContext ctx)
    {
        byte protocol = 0;
        if (ctx.LoadBytesRelative(9, &protocol, 1, SkbHeader.Network) < 0 || protocol != 17) return 0;
        return ctx.Len;
    }

    [CgroupSkb(CgroupSkbDirection.Egress)]
    public static CgroupSkbAction AllowUdp(SkbContext ctx)
    {
        byte protocol = 0;
        if (ctx.LoadBytesRelative(9, &protocol, 1, SkbHeader.Network) < 0) return CgroupSkbAction.Allow;
        return protocol == 17 ? CgroupSkbAction.Allow : CgroupSkbAction.Drop;
    }

    [SkLookup]
    public static SkAction Discard(SkLookupContext ctx)
    {
        if (ctx.LocalPort != 9) return SkAction.Pass;
        BpfSock* listener = Listeners.Lookup(0);
        if (listener == null) return SkAction.Drop;
        ctx.Assign(listener, 2);
        Bpf.SkRelease(listener);
        return SkAction.Pass;
    }
}
