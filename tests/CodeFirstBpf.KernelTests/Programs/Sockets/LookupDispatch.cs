using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// A socket-lookup dispatcher for the differential suite (C twin: <c>CTwins/lookup_dispatch.c</c>):
/// it reads every field of the lookup and drives <c>bpf_sk_assign</c> into each of its outcomes.
/// <c>Sockets</c> holds, by slot, a TCP IPv4 listener (0), a UDP IPv4 socket (1), a dual-stack TCP
/// IPv6 listener (2) and an IPv6-only TCP listener (3). Ports 7000–7099 pick the socket of the
/// lookup's protocol and family, 7100–7199 slot <c>port % 4</c> whatever it is, 7200–7299 assign
/// twice (the second time replacing only when the source port is even), 7300–7399 assign and then
/// undo it; sources in 10.0.0.0/8 or fc00::/7 are dropped. <c>Outcomes</c> counts each result.
/// </summary>
public static unsafe partial class LookupDispatch
{
    static readonly SockMap Sockets = new(maxEntries: 4);
    static readonly ArrayMap<ulong> Outcomes = new(maxEntries: 8);

    [SkLookup]
    public static SkAction Dispatch(SkLookupContext ctx)
    {
        uint port = ctx.LocalPort;
        if (port < 7000 || port >= 7400) return Count(7, SkAction.Pass);
        if (ctx.Family == 2 && ByteOrder.Ntohl(ctx.RemoteIp4) >> 24 == 10) return Count(6, SkAction.Drop);
        if (ctx.Family == 10 && (ByteOrder.Ntohl(ctx.RemoteIp6[0]) & 0xFE000000) == 0xFC000000) return Count(6, SkAction.Drop);
        uint band = (port - 7000) / 100;
        uint slot = band == 1 ? port % 4 : ctx.Protocol == 17 ? 1u : ctx.Family == 10 ? 2u + (ctx.LocalIp6[3] & 1) : 0u;
        long error = AssignSlot(ctx, slot, 0);
        if (band == 2)
        {
            ulong replace = (ByteOrder.Ntohs((ushort)ctx.RemotePort) & 1) == 0 ? 1ul : 0ul;
            error = AssignSlot(ctx, (slot + 2) % 4, replace);
        }
        else if (band == 3 && error == 0)
        {
            error = ctx.Assign(null, 1);
        }
        uint outcome = error switch { 0 => 0u, -91 => 1u, -97 => 2u, -17 => 3u, _ => 4u };
        return Count(outcome, error == 0 || band == 1 ? SkAction.Pass : SkAction.Drop);
    }

    /// <summary>Assigns the socket in <paramref name="slot"/> (-2, ENOENT, for an empty one) and releases it.</summary>
    static long AssignSlot(SkLookupContext ctx, uint slot, ulong flags)
    {
        BpfSock* socket = Sockets.Lookup(slot);
        if (socket == null) return -2;
        long error = ctx.Assign(socket, flags | 2);
        Bpf.SkRelease(socket);
        return error;
    }

    static SkAction Count(uint outcome, SkAction action)
    {
        ulong* n = Outcomes.Lookup(outcome);
        if (n != null) *n += 1;
        return action;
    }
}
