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

    /// <summary>Runs a TC method over a copy of <paramref name="frame"/>, with the skb fields a test run sets.</summary>
    public static FrameResult Tc(Func<TcContext, TcAction> program, byte[] frame)
    {
        using var ctx = CodeFirstBpf.Testing.TcTestContext.FromPacket(frame);
        TcAction verdict = program(ctx);
        return new FrameResult((int)verdict, ctx.Packet.ToArray());
    }
}
