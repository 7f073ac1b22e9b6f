using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>The XDP frame-resizing helpers and the TC packet-type helper, run in the kernel.</summary>
public static unsafe partial class PacketHelpers
{
    /// <summary>Pushes a 4-byte marker in front of the frame (headroom) and sends it back.</summary>
    [Xdp]
    public static XdpAction PushMarker(XdpContext ctx)
    {
        if (ctx.AdjustHead(-4) != 0) return XdpAction.Aborted;
        uint* marker = (uint*)ctx.Data;
        if (marker + 1 > ctx.DataEnd) return XdpAction.Drop;
        *marker = 0xEFBEADDE;
        return XdpAction.Tx;
    }

    /// <summary>Drops the first 14 bytes (the Ethernet header).</summary>
    [Xdp]
    public static XdpAction PopHeader(XdpContext ctx) => ctx.AdjustHead(14) == 0 ? XdpAction.Tx : XdpAction.Aborted;

    /// <summary>Trims 10 bytes off the end, then grows it by 4 zero bytes: 6 bytes shorter overall.</summary>
    [Xdp]
    public static XdpAction TrimTail(XdpContext ctx)
    {
        if (ctx.AdjustTail(-10) != 0) return XdpAction.Aborted;
        if (ctx.AdjustTail(4) != 0) return XdpAction.Drop;
        return XdpAction.Tx;
    }

    /// <summary>Reserves 8 bytes of metadata before the frame and writes them; the frame itself is unchanged.</summary>
    [Xdp]
    public static XdpAction WriteMeta(XdpContext ctx)
    {
        if (ctx.AdjustMeta(-8) != 0) return XdpAction.Aborted;
        uint* meta = (uint*)ctx.DataMeta;
        if (meta + 2 > (uint*)ctx.Data) return XdpAction.Drop;
        meta[0] = 1;
        meta[1] = 2;
        return XdpAction.Pass;
    }

    /// <summary>A frame shorter than an Ethernet header after the move is refused with -EINVAL.</summary>
    [Xdp]
    public static XdpAction RefuseTinyFrame(XdpContext ctx)
    {
        long r = ctx.AdjustHead((int)(ctx.DataEnd - ctx.Data) - 4);
        return r == -22 ? XdpAction.Pass : XdpAction.Aborted;
    }

    /// <summary>Marks the packet PACKET_OTHERHOST (3); an invalid type is refused.</summary>
    [Tc]
    public static TcAction MarkOtherHost(TcContext ctx)
    {
        if (ctx.ChangeType(9) != -22) return TcAction.Shot;
        return ctx.ChangeType(3) == 0 ? TcAction.Ok : TcAction.Shot;
    }
}
