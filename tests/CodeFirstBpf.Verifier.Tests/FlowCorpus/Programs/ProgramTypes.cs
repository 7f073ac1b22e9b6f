using CodeFirstBpf.Net;

// Helpers and context members by program type (BPF3004): what each type may use loads; the
// mutants use a helper or field the kernel denies that type ("cannot use helper",
// "invalid bpf_context access").
namespace CodeFirstBpf.Verifier.Tests.FlowCorpus;

public static unsafe partial class DevMapFromXdp
{
    static readonly DevMap Ports = new(maxEntries: 4);

    [Xdp]
    public static XdpAction M(XdpContext ctx) => Ports.Redirect(ctx.RxQueueIndex & 3, XdpAction.Pass);
}

public static unsafe partial class CpuMapFromXdp
{
    static readonly CpuMap Cpus = new(maxEntries: 4);

    [Xdp]
    public static XdpAction M(XdpContext ctx) => Cpus.Redirect(0, XdpAction.Pass);
}

public static unsafe partial class XskMapFromXdp
{
    static readonly XskMap Sockets = new(maxEntries: 4);

    [Xdp]
    public static XdpAction M(XdpContext ctx) => Sockets.Redirect(ctx.RxQueueIndex & 3, XdpAction.Pass);
}

public static unsafe partial class RedirectHelperFromTc
{
    [Tc]
    public static TcAction M(TcContext ctx) => ctx.Mark == 7 ? (TcAction)Bpf.Redirect(ctx.IfIndex, 0) : TcAction.Ok;
}

public static unsafe partial class SharedHelperBothTypes
{
    static readonly ArrayMap<ulong> LastSeen = new(2);

    static void Stamp(uint slot)
    {
        ulong* t = LastSeen.Lookup(slot);
        if (t != null) *t = Bpf.KtimeGetNs();
    }

    [Xdp]
    public static XdpAction X(XdpContext ctx)
    {
        Stamp(0);
        return XdpAction.Pass;
    }

    [Tc]
    public static TcAction T(TcContext ctx)
    {
        Stamp(1);
        return TcAction.Ok;
    }
}

public static unsafe partial class TcContextFields
{
    [Tc]
    public static TcAction M(TcContext ctx)
    {
        ctx.Mark = ctx.Hash ^ ctx.IfIndex ^ ctx.Protocol;
        ctx.Priority = ctx.QueueMapping;
        return ctx.VlanPresent != 0 ? TcAction.Shot : TcAction.Ok;
    }
}

[Rejects("BPF3004", "a devmap redirect from TC")]
public static unsafe partial class DevMapFromTc
{
    static readonly DevMap Ports = new(maxEntries: 4);

    [Tc]
    public static TcAction M(TcContext ctx) => Ports.Redirect(0) == XdpAction.Redirect ? TcAction.Redirect : TcAction.Ok;
}

[Rejects("BPF3004", "a cpumap redirect from TC")]
public static unsafe partial class CpuMapFromTc
{
    static readonly CpuMap Cpus = new(maxEntries: 4);

    [Tc]
    public static TcAction M(TcContext ctx) => Cpus.Redirect(0) == XdpAction.Redirect ? TcAction.Redirect : TcAction.Ok;
}

[Rejects("BPF3004", "an xskmap redirect from TC")]
public static unsafe partial class XskMapFromTc
{
    static readonly XskMap Sockets = new(maxEntries: 4);

    [Tc]
    public static TcAction M(TcContext ctx) => Sockets.Redirect(0) == XdpAction.Redirect ? TcAction.Redirect : TcAction.Ok;
}

[Rejects("BPF3004", "egress_ifindex read by an XDP program not attached to a devmap")]
public static unsafe partial class EgressIfIndexInXdp
{
    [Xdp]
    public static XdpAction M(XdpContext ctx) => ctx.EgressIfIndex == 2 ? XdpAction.Drop : XdpAction.Pass;
}

[Rejects("BPF3004", "a helper that redirects through a devmap, reached from TC")]
public static unsafe partial class SharedRedirectHelper
{
    static readonly DevMap Ports = new(maxEntries: 4);

    static bool Forward(uint port) => Ports.Redirect(port) == XdpAction.Redirect;

    [Tc]
    public static TcAction M(TcContext ctx) => Forward(ctx.Mark & 3) ? TcAction.Redirect : TcAction.Ok;
}
