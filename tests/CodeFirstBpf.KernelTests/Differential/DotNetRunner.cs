using System;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// Runs a program as ordinary .NET code (SPEC §4): the same C# method over a context built on a
/// copy of the frame, with the Dataplane's in-memory maps. A third opinion next to the kernel runs
/// of the generator's and clang's objects: it says which of two disagreeing sides C# semantics back.
/// Map contents are not compared (the in-memory maps are process-wide statics); verdicts and
/// output frames are.
/// </summary>
public static class DotNetRunner
{
    /// <summary>Runs an XDP method over a copy of <paramref name="frame"/>.</summary>
    public static FrameResult Xdp(Func<XdpContext, XdpAction> program, byte[] frame)
    {
        using var ctx = CodeFirstBpf.Testing.XdpTestContext.FromPacket(frame);
        XdpAction verdict = program(ctx);
        return new FrameResult((int)verdict, ctx.Packet.ToArray());
    }

    /// <summary>Runs a socket filter over <paramref name="frame"/> without its Ethernet header, as a kernel test run does.</summary>
    public static FrameResult SocketFilter(Func<SocketContext, long> program, byte[] frame)
    {
        using var ctx = CodeFirstBpf.Testing.SkbTestContext.FromFrame(frame);
        return new FrameResult((int)program(ctx), frame);
    }

    /// <summary>Runs a cgroup skb program over <paramref name="frame"/> without its Ethernet header, as a kernel test run does.</summary>
    public static FrameResult CgroupSkb(Func<SkbContext, CgroupSkbAction> program, byte[] frame)
    {
        using var ctx = CodeFirstBpf.Testing.SkbTestContext.FromFrame(frame);
        return new FrameResult((int)program(ctx), frame);
    }

    /// <summary>Runs a TC method over a copy of <paramref name="frame"/>, with the skb fields a test run sets.</summary>
    public static FrameResult Tc(Func<TcContext, TcAction> program, byte[] frame)
    {
        using var ctx = CodeFirstBpf.Testing.TcTestContext.FromPacket(frame);
        TcAction verdict = program(ctx);
        return new FrameResult((int)verdict, ctx.Packet.ToArray());
    }
}
