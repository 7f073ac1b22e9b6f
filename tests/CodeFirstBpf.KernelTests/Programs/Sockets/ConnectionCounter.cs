using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// A sockops program that counts every TCP event of the cgroup's sockets by operation
/// (<c>BPF_SOCK_OPS_*</c>), and established connections by local port (host order).
/// </summary>
public static unsafe partial class ConnectionCounter
{
    static readonly ArrayMap<ulong> ByOp = new(maxEntries: 16);
    static readonly HashMap<uint, ulong> EstablishedByPort = new(maxEntries: 256);

    [SockOps]
    public static int Count(SockOpsContext ctx)
    {
        uint op = ctx.Op;
        ulong* n = ByOp.Lookup(op);
        if (n != null) *n += 1;
        if (op == (uint)SockOp.ActiveEstablishedCb || op == (uint)SockOp.PassiveEstablishedCb)
        {
            uint port = ctx.LocalPort;
            ulong* seen = EstablishedByPort.Lookup(port);
            if (seen != null) *seen += 1;
            else EstablishedByPort.Update(port, 1);
        }
        return 1;
    }
}
