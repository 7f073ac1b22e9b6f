using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>An XDP program (<c>BPF_PROG_TYPE_XDP</c>, kernel 4.8).</summary>
public sealed class XdpProgram : BpfProgram
{
    internal XdpProgram(string name, string sectionName, uint programType, BpfFdHandle handle, string verifierLog)
        : base(name, sectionName, programType, handle, verifierLog) { }

    /// <summary>Runs the program over <paramref name="packet"/> in the kernel (<c>BPF_PROG_TEST_RUN</c>).</summary>
    /// <param name="packet">A whole Ethernet frame, at least 14 bytes.</param>
    /// <param name="repeat">How many times to run; <see cref="XdpTestRunResult.Duration"/> is the average.</param>
    /// <exception cref="BpfException">The kernel refused the test run.</exception>
    public XdpTestRunResult TestRun(System.ReadOnlySpan<byte> packet, int repeat = 1)
    {
        TestRunner.Outcome outcome = TestRunner.Run(this, packet, repeat);
        return new XdpTestRunResult((XdpAction)outcome.ReturnValue, outcome.Packet, outcome.Duration)
        {
            DurationNanoseconds = outcome.DurationNanoseconds,
        };
    }

    /// <summary>Runs the program over <paramref name="packet"/> as if received on an interface's queue.</summary>
    /// <param name="packet">A whole Ethernet frame, at least 14 bytes.</param>
    /// <param name="context">The receiving interface and queue.</param>
    /// <param name="repeat">How many times to run; <see cref="XdpTestRunResult.Duration"/> is the average.</param>
    /// <exception cref="BpfException">The kernel refused the test run (e.g. the interface or queue does not exist).</exception>
    public unsafe XdpTestRunResult TestRun(System.ReadOnlySpan<byte> packet, XdpTestRunContext context, int repeat = 1)
    {
        var md = new XdpMd
        {
            DataEnd = (uint)packet.Length,
            IngressInterfaceIndex = context.IngressInterfaceIndex,
            RxQueueIndex = context.RxQueueIndex,
        };
        TestRunner.Outcome outcome = TestRunner.Run(this, packet, repeat, &md, sizeof(XdpMd), null);
        return new XdpTestRunResult((XdpAction)outcome.ReturnValue, outcome.Packet, outcome.Duration)
        {
            DurationNanoseconds = outcome.DurationNanoseconds,
        };
    }

    /// <summary>
    /// Attaches the program to a network interface. A BPF link is used where the kernel has them
    /// (5.9+); otherwise netlink. Dispose the returned link to detach.
    /// </summary>
    /// <param name="interfaceName">The interface, e.g. <c>eth0</c>.</param>
    /// <param name="mode">Generic (any driver), native (driver support needed) or offload (NIC).</param>
    /// <param name="replace">Replace a program already attached (not possible when it is held by a BPF link).</param>
    /// <exception cref="BpfException">The interface is missing, already has a program, or lacks the mode.</exception>
    public XdpLink AttachXdp(string interfaceName, XdpMode mode = XdpMode.Generic, bool replace = false) =>
        XdpLink.Attach(this, NetworkInterfaces.IndexOf(interfaceName), interfaceName, mode, replace);

    /// <inheritdoc cref="AttachXdp(string, XdpMode, bool)" />
    /// <param name="interfaceIndex">The interface index (<c>ip link</c> shows it).</param>
    /// <param name="mode">Generic (any driver), native (driver support needed) or offload (NIC).</param>
    /// <param name="replace">Replace a program already attached (not possible when it is held by a BPF link).</param>
    public XdpLink AttachXdp(int interfaceIndex, XdpMode mode = XdpMode.Generic, bool replace = false) =>
        XdpLink.Attach(this, interfaceIndex, NetworkInterfaces.NameOf(interfaceIndex), mode, replace);
}
