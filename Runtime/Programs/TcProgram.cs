using System;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>A TC classifier program (<c>BPF_PROG_TYPE_SCHED_CLS</c>, kernel 4.1), run in direct-action mode.</summary>
public sealed class TcProgram : BpfProgram
{
    internal TcProgram(string name, string sectionName, uint programType, BpfFdHandle handle, string verifierLog)
        : base(name, sectionName, programType, handle, verifierLog) { }

    /// <summary>Runs the program over <paramref name="packet"/> in the kernel (<c>BPF_PROG_TEST_RUN</c>).</summary>
    /// <param name="packet">A whole Ethernet frame, at least 14 bytes.</param>
    /// <param name="repeat">How many times to run; <see cref="TcTestRunResult.Duration"/> is the average.</param>
    /// <exception cref="BpfException">The kernel refused the test run.</exception>
    public TcTestRunResult TestRun(ReadOnlySpan<byte> packet, int repeat = 1)
    {
        TestRunner.Outcome outcome = TestRunner.Run(this, packet, repeat);
        return new TcTestRunResult((TcAction)(int)outcome.ReturnValue, outcome.Packet, outcome.Duration)
        {
            DurationNanoseconds = outcome.DurationNanoseconds,
        };
    }

    /// <summary>Runs the program over <paramref name="packet"/> with <c>__sk_buff</c> fields set, and reports them afterwards.</summary>
    /// <param name="packet">A whole Ethernet frame, at least 14 bytes.</param>
    /// <param name="context">The mark, priority and interfaces the packet starts with.</param>
    /// <param name="repeat">How many times to run; <see cref="TcTestRunResult.Duration"/> is the average.</param>
    /// <exception cref="BpfException">The kernel refused the test run (e.g. no interface has <see cref="TcTestRunContext.InterfaceIndex"/>).</exception>
    public unsafe TcTestRunResult TestRun(ReadOnlySpan<byte> packet, TcTestRunContext context, int repeat = 1)
    {
        var skb = new SkBuff
        {
            Mark = context.Mark,
            Priority = context.Priority,
            IngressInterfaceIndex = context.IngressInterfaceIndex,
            InterfaceIndex = context.InterfaceIndex,
        };
        SkBuff after;
        TestRunner.Outcome outcome = TestRunner.Run(this, packet, repeat, &skb, sizeof(SkBuff), &after);
        return new TcTestRunResult((TcAction)(int)outcome.ReturnValue, outcome.Packet, outcome.Duration)
        {
            DurationNanoseconds = outcome.DurationNanoseconds,
            Context = new TcTestRunContext
            {
                Mark = after.Mark,
                Priority = after.Priority,
                IngressInterfaceIndex = after.IngressInterfaceIndex,
                InterfaceIndex = after.InterfaceIndex,
            },
        };
    }

    /// <summary>
    /// Attaches the program to an interface's ingress or egress hook. Dispose the returned link to detach.
    /// </summary>
    /// <param name="interfaceName">The interface, e.g. <c>eth0</c>.</param>
    /// <param name="direction">Ingress (received packets) or egress (sent packets).</param>
    /// <param name="priority">The clsact filter priority (1–65535; lower runs first). TCX links ignore it.</param>
    /// <param name="mode">TCX link or clsact filter; <see cref="TcAttachMode.Auto"/> picks.</param>
    /// <exception cref="BpfException">The interface is missing or the kernel refused.</exception>
    public TcLink AttachTc(string interfaceName, TcDirection direction, uint priority = 1, TcAttachMode mode = TcAttachMode.Auto) =>
        TcLink.Attach(this, NetworkInterfaces.IndexOf(interfaceName), interfaceName, direction, priority, mode);

    /// <inheritdoc cref="AttachTc(string, TcDirection, uint, TcAttachMode)" />
    /// <param name="interfaceIndex">The interface index (<c>ip link</c> shows it).</param>
    /// <param name="direction">Ingress (received packets) or egress (sent packets).</param>
    /// <param name="priority">The clsact filter priority (1–65535; lower runs first). TCX links ignore it.</param>
    /// <param name="mode">TCX link or clsact filter; <see cref="TcAttachMode.Auto"/> picks.</param>
    public TcLink AttachTc(int interfaceIndex, TcDirection direction, uint priority = 1, TcAttachMode mode = TcAttachMode.Auto) =>
        TcLink.Attach(this, interfaceIndex, NetworkInterfaces.NameOf(interfaceIndex), direction, priority, mode);
}
