using System;
using System.Collections.Generic;
using CodeFirstBpf.Testing;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// One frame through one program of a class, with the context it arrives with: the unit of a
/// pipeline run (<see cref="Differential.For{TMaps}"/>). Steps run in order over the maps every
/// program of the class shares.
/// </summary>
/// <param name="Program">The program method's name.</param>
/// <param name="Frame">The frame, from its Ethernet header.</param>
public sealed record PipelineStep(string Program, byte[] Frame)
{
    /// <summary>The receiving interface (<c>ingress_ifindex</c>); 0 for none. In the kernel it must exist.</summary>
    public uint IngressIfIndex { get; init; }

    /// <summary><c>skb->mark</c> (TC).</summary>
    public uint Mark { get; init; }

    /// <summary><c>skb->priority</c> (TC).</summary>
    public uint Priority { get; init; }

    /// <summary>
    /// The time <c>Bpf.KtimeGetNs</c> returns in the .NET run of this step (<see cref="TestClock"/>);
    /// the kernel's clock cannot be set, so fields derived from it are compared through masks.
    /// </summary>
    public ulong? TimeNs { get; init; }
}

/// <summary>What a step did: the program's verdict (an <c>XdpAction</c> or <c>TcAction</c> as a number) and the frame it left.</summary>
public readonly record struct StepOutcome(int Verdict, byte[] Frame);

/// <summary>
/// A loaded program class, in the kernel (the generated <c>Loaded</c>) or in memory (the generated
/// <c>InMemory()</c> twin): its maps as views of one generated interface, and a way to run a step.
/// </summary>
/// <typeparam name="TMaps">The class's generated <c>IMaps</c> interface.</typeparam>
public interface IBpfPipeline<out TMaps>
{
    /// <summary>The maps, typed, for seeding and reading the same way on both sides.</summary>
    TMaps Views { get; }

    /// <summary>Every map with keys, for comparing.</summary>
    IReadOnlyList<IMapView> MapViews { get; }

    /// <summary>Every ring buffer, for comparing events.</summary>
    IReadOnlyList<IEventView> EventViews { get; }

    /// <summary>Runs one step.</summary>
    /// <exception cref="ArgumentException">The class has no program of that name.</exception>
    StepOutcome Run(PipelineStep step);
}

/// <summary>How the generated pipelines run a step, in the kernel and as .NET.</summary>
public static class PipelineSteps
{
    /// <summary>Runs <paramref name="step"/> through the kernel's program (<c>BPF_PROG_TEST_RUN</c>).</summary>
    public static StepOutcome RunKernel(BpfObject obj, PipelineStep step)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(step);
        BpfProgram program = obj.GetProgram(step.Program);
        switch (program)
        {
            case XdpProgram xdp:
            {
                var r = xdp.TestRun(step.Frame, new XdpTestRunContext { IngressInterfaceIndex = (int)step.IngressIfIndex });
                return new StepOutcome((int)r.Action, r.Packet);
            }
            case TcProgram tc:
            {
                var r = tc.TestRun(step.Frame, new TcTestRunContext { Mark = step.Mark, Priority = step.Priority, IngressInterfaceIndex = (int)step.IngressIfIndex });
                return new StepOutcome((int)r.Action, r.Packet);
            }
            default:
                throw new ArgumentException($"Program '{step.Program}' is neither XDP nor TC.", nameof(step));
        }
    }

    /// <summary>Runs <paramref name="step"/> through an XDP program method as .NET.</summary>
    public static StepOutcome RunXdp(PipelineStep step, Func<XdpContext, XdpAction> program)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(program);
        using var ctx = XdpTestContext.FromPacket(step.Frame);
        ctx.IngressIfIndex = step.IngressIfIndex;
        return WithClock(step, () => new StepOutcome((int)program(ctx), ctx.Packet.ToArray()));
    }

    /// <summary>Runs <paramref name="step"/> through a TC program method as .NET.</summary>
    public static StepOutcome RunTc(PipelineStep step, Func<TcContext, TcAction> program)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(program);
        using var ctx = TcTestContext.FromPacket(step.Frame);
        ctx.IngressIfIndex = step.IngressIfIndex;
        ctx.Mark = step.Mark;
        ctx.Priority = step.Priority;
        return WithClock(step, () => new StepOutcome((int)program(ctx), ctx.Packet.ToArray()));
    }

    private static StepOutcome WithClock(PipelineStep step, Func<StepOutcome> run)
    {
        ulong? before = TestClock.Now;
        if (step.TimeNs.HasValue) TestClock.Now = step.TimeNs;
        try
        {
            return run();
        }
        finally
        {
            TestClock.Now = before;
        }
    }
}
