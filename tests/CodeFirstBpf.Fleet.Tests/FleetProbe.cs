using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.Fleet.Tests;

/// <summary>
/// A class with what a manifest must carry beyond IcmpFilter: [Config] fields of several sizes
/// (globalData), an XDP and a TC program (two kinds of links).
/// </summary>
public static unsafe partial class FleetProbe
{
    [Config] static readonly uint MinLength = 60;
    [Config] static readonly ushort Port = 8080;
    [Config] static readonly bool Enabled = true;

    static readonly ArrayMap<ulong> Seen = new(maxEntries: 1);

    [Xdp]
    public static XdpAction Ingress(XdpContext ctx)
    {
        if (!Enabled) return XdpAction.Pass;
        ulong* seen = Seen.Lookup(0);
        if (seen != null) (*seen)++;
        return ctx.DataEnd - ctx.Data < MinLength ? XdpAction.Drop : XdpAction.Pass;
    }

    [Tc]
    public static TcAction Egress(TcContext ctx)
    {
        ctx.Mark = Port;
        return TcAction.Ok;
    }
}
