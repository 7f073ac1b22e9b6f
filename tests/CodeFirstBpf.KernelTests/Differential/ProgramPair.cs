using System;
using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.KernelTests.Frames;
using CodeFirstBpf.KernelTests.Programs;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>The attach type of a pair's program.</summary>
public enum ProgramKind
{
    /// <summary>An <c>[Xdp]</c> program.</summary>
    Xdp,
    /// <summary>A <c>[Tc]</c> program.</summary>
    Tc,
}

/// <summary>
/// A C# program class and its C twin: the same program (function) name and the same map names
/// and layouts, so the two can be run over the same frames and compared map by map.
/// </summary>
/// <param name="Name">The C# class name.</param>
/// <param name="CTwin">The C file in <c>CTwins/</c>.</param>
/// <param name="Program">The program (method / C function) name.</param>
/// <param name="Kind">XDP or TC.</param>
/// <param name="LoadCSharp">Loads the generator's object through the generated <c>Load()</c>.</param>
/// <param name="RunDotNet">Runs the C# method as plain .NET over one frame.</param>
public sealed record ProgramPair(string Name, string CTwin, string Program, ProgramKind Kind, Func<BpfObject> LoadCSharp,
    Func<byte[], FrameResult> RunDotNet)
{
    /// <summary>Every pair, in a fixed order.</summary>
    public static IReadOnlyList<ProgramPair> All { get; } =
    [
        new("IcmpFilter", "icmp_filter.c", "DropIcmp", ProgramKind.Xdp, () => IcmpFilter.Load().Object,
            f => DotNetRunner.Xdp(IcmpFilter.DropIcmp, f)),
        new("VlanCounter", "vlan_counter.c", "CountVlans", ProgramKind.Xdp, () => VlanCounter.Load().Object,
            f => DotNetRunner.Xdp(VlanCounter.CountVlans, f)),
        new("Ipv4Options", "ipv4_options.c", "ParseOptions", ProgramKind.Xdp, () => Ipv4Options.Load().Object,
            f => DotNetRunner.Xdp(Ipv4Options.ParseOptions, f)),
        new("Ipv6ExtHeaders", "ipv6_ext_headers.c", "WalkIpv6", ProgramKind.Xdp, () => Ipv6ExtHeaders.Load().Object,
            f => DotNetRunner.Xdp(Ipv6ExtHeaders.WalkIpv6, f)),
        new("TtlRouter", "ttl_router.c", "Forward", ProgramKind.Xdp, () => TtlRouter.Load().Object,
            f => DotNetRunner.Xdp(TtlRouter.Forward, f)),
        new("EchoReflector", "echo_reflector.c", "Reflect", ProgramKind.Xdp, () => EchoReflector.Load().Object,
            f => DotNetRunner.Xdp(EchoReflector.Reflect, f)),
        new("IntegerOps", "integer_ops.c", "Arith", ProgramKind.Xdp, () => IntegerOps.Load().Object,
            f => DotNetRunner.Xdp(IntegerOps.Arith, f)),
        new("ControlFlow", "control_flow.c", "Branchy", ProgramKind.Xdp, () => ControlFlow.Load().Object,
            f => DotNetRunner.Xdp(ControlFlow.Branchy, f)),
        new("FlowTracker", "flow_tracker.c", "TrackFlows", ProgramKind.Tc, () => FlowTracker.Load().Object,
            f => DotNetRunner.Tc(FlowTracker.TrackFlows, f)),
        new("PerCpuStats", "per_cpu_stats.c", "CountProtocols", ProgramKind.Xdp, () => PerCpuStats.Load().Object,
            f => DotNetRunner.Xdp(PerCpuStats.CountProtocols, f)),
        new("TcClassifier", "tc_classifier.c", "Classify", ProgramKind.Tc, () => TcClassifier.Load().Object,
            f => DotNetRunner.Tc(TcClassifier.Classify, f)),
        new("BpfCalls", "bpf_calls.c", "HashFrame", ProgramKind.Xdp, () => BpfCalls.Load().Object,
            f => DotNetRunner.Xdp(BpfCalls.HashFrame, f)),
        new("StructInit", "struct_init.c", "BuildKeys", ProgramKind.Xdp, () => StructInit.Load().Object,
            f => DotNetRunner.Xdp(StructInit.BuildKeys, f)),
        new("PointerWalk", "pointer_walk.c", "ScanPayload", ProgramKind.Xdp, () => PointerWalk.Load().Object,
            f => DotNetRunner.Xdp(PointerWalk.ScanPayload, f)),
        new("ArpResponder", "arp_responder.c", "ReplyArp", ProgramKind.Xdp, () => ArpResponder.Load().Object,
            f => DotNetRunner.Xdp(ArpResponder.ReplyArp, f)),
        new("TcNat", "tc_nat.c", "Rewrite", ProgramKind.Tc, () => TcNat.Load().Object,
            f => DotNetRunner.Tc(TcNat.Rewrite, f)),
    ];

    /// <summary>The pair named <paramref name="name"/>.</summary>
    public static ProgramPair Named(string name) => All.Single(p => p.Name == name);

    /// <summary>xunit member data: every pair name.</summary>
    public static IEnumerable<object[]> Names => All.Select(p => new object[] { p.Name });

    /// <summary>The corpus frames the kernel test-runs for this kind of program.</summary>
    public IReadOnlyList<Frame> Frames => Kind == ProgramKind.Tc ? FrameCorpus.Tc : FrameCorpus.All;

    /// <summary>Loads the C twin, compiled by clang for this test run.</summary>
    public BpfObject LoadC() => BpfObject.Load(CTwinCompiler.Compile(CTwin), "c_" + Name);

    /// <inheritdoc />
    public override string ToString() => Name;
}
