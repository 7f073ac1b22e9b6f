using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>A perf event: the frame's first byte and length.</summary>
public struct PerfEvent
{
    public uint First;
    public uint Length;
}

/// <summary>
/// The P1 map kinds in one object: tail calls through a program array, redirects through the
/// device, CPU and XSK maps (and <c>Bpf.Redirect</c>), a queue and a stack, and a perf event
/// array. The first byte of the frame picks the index or value.
/// </summary>
public static unsafe partial class MapKinds
{
    static readonly ProgramArrayMap Jumps = new(maxEntries: 4);
    static readonly DevMap Ports = new(maxEntries: 8);
    static readonly CpuMap Cpus = new(maxEntries: 2);
    static readonly XskMap Sockets = new(maxEntries: 4);
    static readonly QueueMap<uint> Fifo = new(maxEntries: 4);
    static readonly StackMap<uint> Lifo = new(maxEntries: 4);
    static readonly PerfEventArrayMap<PerfEvent> Events = new();

    /// <summary>Tail-calls the program at the index in the first byte; Pass when that fails.</summary>
    [Xdp]
    public static XdpAction Dispatch(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 1 > ctx.DataEnd) return XdpAction.Aborted;
        Jumps.TailCall(ctx, p[0]);
        return XdpAction.Pass;
    }

    /// <summary>A tail-call target.</summary>
    [Xdp]
    public static XdpAction Dropper(XdpContext ctx) => XdpAction.Drop;

    /// <summary>Another tail-call target.</summary>
    [Xdp]
    public static XdpAction Bouncer(XdpContext ctx) => XdpAction.Tx;

    /// <summary>Redirects to the device at the index in the first byte, Pass when there is none.</summary>
    [Xdp]
    public static XdpAction ToPort(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 1 > ctx.DataEnd) return XdpAction.Aborted;
        return Ports.Redirect(p[0], XdpAction.Pass);
    }

    /// <summary>Redirects to CPU 0, Drop when it is not enabled.</summary>
    [Xdp]
    public static XdpAction ToCpu(XdpContext ctx) => Cpus.Redirect(0, XdpAction.Drop);

    /// <summary>Redirects to the AF_XDP socket of the receive queue; with the default fallback (Aborted) when there is none.</summary>
    [Xdp]
    public static XdpAction ToSocket(XdpContext ctx) => Sockets.Redirect(ctx.RxQueueIndex);

    /// <summary>Redirects out of the interface in the first byte with the plain helper.</summary>
    [Xdp]
    public static XdpAction ToInterface(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 1 > ctx.DataEnd) return XdpAction.Aborted;
        return (XdpAction)Bpf.Redirect(p[0], 0);
    }

    /// <summary>Pushes the first byte onto the queue and the stack; Drop when either is full.</summary>
    [Xdp]
    public static XdpAction PushFirstByte(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 1 > ctx.DataEnd) return XdpAction.Aborted;
        uint v = p[0];
        if (Fifo.Push(v) != 0) return XdpAction.Drop;
        if (Lifo.Push(v) != 0) return XdpAction.Drop;
        return XdpAction.Pass;
    }

    /// <summary>Peeks then pops the queue: Tx when both saw the same value, which is written to the first byte; Pass when empty.</summary>
    [Xdp]
    public static XdpAction PopQueue(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 1 > ctx.DataEnd) return XdpAction.Aborted;
        if (!Fifo.TryPeek(out uint peeked)) return peeked == 0 ? XdpAction.Pass : XdpAction.Aborted;
        if (!Fifo.TryPop(out uint popped) || popped != peeked) return XdpAction.Aborted;
        p[0] = (byte)popped;
        return XdpAction.Tx;
    }

    /// <summary>Outputs an event to this CPU's perf buffer: Pass when it was written, Drop when no reader has this CPU's buffer open (-ENOENT).</summary>
    [Xdp]
    public static XdpAction Announce(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 1 > ctx.DataEnd) return XdpAction.Aborted;
        var e = new PerfEvent { First = p[0], Length = (uint)(ctx.DataEnd - ctx.Data) };
        long r = Events.Output(ctx, e);
        return r == 0 ? XdpAction.Pass : r == -2 ? XdpAction.Drop : XdpAction.Aborted;
    }
}
