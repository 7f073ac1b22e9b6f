using System;
using System.Collections.Generic;
using System.IO;
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
    /// <summary>A <c>[SocketFilter]</c> program: the verdict is the bytes kept; the packet is read-only.</summary>
    SocketFilter,
    /// <summary>A <c>[CgroupSkb]</c> program: the verdict is drop (0) or allow (1); the packet is read-only.</summary>
    CgroupSkb,
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
/// <param name="ProgramClass">The C# class, whose in-memory maps a .NET run resets first.</param>
public sealed record ProgramPair(string Name, string CTwin, string Program, ProgramKind Kind, Func<BpfObject> LoadCSharp,
    Func<byte[], FrameResult> RunDotNet, Type ProgramClass)
{
    /// <summary>Every pair, in a fixed order.</summary>
    public static IReadOnlyList<ProgramPair> All { get; } =
    [
        new("IcmpFilter", "icmp_filter.c", "DropIcmp", ProgramKind.Xdp, () => IcmpFilterSample.IcmpFilter.Load().Object,
            f => DotNetRunner.Xdp(IcmpFilterSample.IcmpFilter.DropIcmp, f), typeof(IcmpFilterSample.IcmpFilter)),
        new("VlanCounter", "vlan_counter.c", "CountVlans", ProgramKind.Xdp, () => VlanCounter.Load().Object,
            f => DotNetRunner.Xdp(VlanCounter.CountVlans, f), typeof(VlanCounter)),
        new("Ipv4Options", "ipv4_options.c", "ParseOptions", ProgramKind.Xdp, () => Ipv4Options.Load().Object,
            f => DotNetRunner.Xdp(Ipv4Options.ParseOptions, f), typeof(Ipv4Options)),
        new("Ipv6ExtHeaders", "ipv6_ext_headers.c", "WalkIpv6", ProgramKind.Xdp, () => Ipv6ExtHeaders.Load().Object,
            f => DotNetRunner.Xdp(Ipv6ExtHeaders.WalkIpv6, f), typeof(Ipv6ExtHeaders)),
        new("TtlRouter", "ttl_router.c", "Forward", ProgramKind.Xdp, () => TtlRouter.Load().Object,
            f => DotNetRunner.Xdp(TtlRouter.Forward, f), typeof(TtlRouter)),
        new("EchoReflector", "echo_reflector.c", "Reflect", ProgramKind.Xdp, () => EchoReflector.Load().Object,
            f => DotNetRunner.Xdp(EchoReflector.Reflect, f), typeof(EchoReflector)),
        new("IntegerOps", "integer_ops.c", "Arith", ProgramKind.Xdp, () => IntegerOps.Load().Object,
            f => DotNetRunner.Xdp(IntegerOps.Arith, f), typeof(IntegerOps)),
        new("ControlFlow", "control_flow.c", "Branchy", ProgramKind.Xdp, () => ControlFlow.Load().Object,
            f => DotNetRunner.Xdp(ControlFlow.Branchy, f), typeof(ControlFlow)),
        new("FlowTracker", "flow_tracker.c", "TrackFlows", ProgramKind.Tc, () => FlowTracker.Load().Object,
            f => DotNetRunner.Tc(FlowTracker.TrackFlows, f), typeof(FlowTracker)),
        new("PerCpuStats", "per_cpu_stats.c", "CountProtocols", ProgramKind.Xdp, () => PerCpuStats.Load().Object,
            f => DotNetRunner.Xdp(PerCpuStats.CountProtocols, f), typeof(PerCpuStats)),
        new("TcClassifier", "tc_classifier.c", "Classify", ProgramKind.Tc, () => TcClassifier.Load().Object,
            f => DotNetRunner.Tc(TcClassifier.Classify, f), typeof(TcClassifier)),
        new("BpfCalls", "bpf_calls.c", "HashFrame", ProgramKind.Xdp, () => BpfCalls.Load().Object,
            f => DotNetRunner.Xdp(BpfCalls.HashFrame, f), typeof(BpfCalls)),
        new("StructInit", "struct_init.c", "BuildKeys", ProgramKind.Xdp, () => StructInit.Load().Object,
            f => DotNetRunner.Xdp(StructInit.BuildKeys, f), typeof(StructInit)),
        new("PointerWalk", "pointer_walk.c", "ScanPayload", ProgramKind.Xdp, () => PointerWalk.Load().Object,
            f => DotNetRunner.Xdp(PointerWalk.ScanPayload, f), typeof(PointerWalk)),
        new("ArpResponder", "arp_responder.c", "ReplyArp", ProgramKind.Xdp, () => ArpResponder.Load().Object,
            f => DotNetRunner.Xdp(ArpResponder.ReplyArp, f), typeof(ArpResponder)),
        new("TcNat", "tc_nat.c", "Rewrite", ProgramKind.Tc, () => TcNat.Load().Object,
            f => DotNetRunner.Tc(TcNat.Rewrite, f), typeof(TcNat)),
        new("ImplicitSemantics", "implicit_semantics.c", "Shifts", ProgramKind.Xdp, () => ImplicitSemantics.Load().Object,
            f => DotNetRunner.Xdp(ImplicitSemantics.Shifts, f), typeof(ImplicitSemantics)),
        new("MapOps", "map_ops.c", "ExerciseMaps", ProgramKind.Xdp, () => MapOps.Load().Object,
            f => DotNetRunner.Xdp(MapOps.ExerciseMaps, f), typeof(MapOps)),
        new("Atomics", "atomics.c", "CountAtomically", ProgramKind.Tc, () => Atomics.Load().Object,
            f => DotNetRunner.Tc(Atomics.CountAtomically, f), typeof(Atomics)),
        new("HelperNames", "helper_names.c", "CallHelpers", ProgramKind.Xdp, () => HelperNames.Load().Object,
            f => DotNetRunner.Xdp(HelperNames.CallHelpers, f), typeof(HelperNames)),
        new("PackedHeaders", "packed_headers.c", "ReadPacked", ProgramKind.Xdp, () => PackedHeaders.Load().Object,
            f => DotNetRunner.Xdp(PackedHeaders.ReadPacked, f), typeof(PackedHeaders)),
        new("SignedMath", "signed_math.c", "Divide", ProgramKind.Xdp, () => SignedMath.Load().Object,
            f => DotNetRunner.Xdp(SignedMath.Divide, f), typeof(SignedMath)),
        new("SharedCountersXdp", "shared_counters.c", "CountXdp", ProgramKind.Xdp, () => SharedCounters.Load().Object,
            f => DotNetRunner.Xdp(SharedCounters.CountXdp, f), typeof(SharedCounters)),
        new("SharedCountersTc", "shared_counters.c", "CountTc", ProgramKind.Tc, () => SharedCounters.Load().Object,
            f => DotNetRunner.Tc(SharedCounters.CountTc, f), typeof(SharedCounters)),
        new("HelperNat", "helper_nat.c", "Dnat", ProgramKind.Tc, () => HelperNat.Load().Object,
            f => DotNetRunner.Tc(HelperNat.Dnat, f), typeof(HelperNat)),
        new("L4Balancer", "l4_balancer.c", "Balance", ProgramKind.Xdp, () => L4Balancer.Load().Object,
            f => DotNetRunner.Xdp(L4Balancer.Balance, f), typeof(L4Balancer)),
        new("TcPipeline", "tc_pipeline.c", "Process", ProgramKind.Tc, () => TcPipeline.Load().Object,
            f => DotNetRunner.Tc(TcPipeline.Process, f), typeof(TcPipeline)),
        new("PortFilter", "port_filter.c", "KeepPort", ProgramKind.SocketFilter, () => Configured(PortFilter.Load().Object, "Port", 53),
            f => { DotNetMaps.SetSlot(typeof(PortFilter), "Port", 0, 53); return DotNetRunner.SocketFilter(PortFilter.KeepPort, f); }, typeof(PortFilter)),
        new("EgressGuard", "egress_guard.c", "Guard", ProgramKind.CgroupSkb, () => Configured(EgressGuard.Load().Object, "BlockedPort", 53),
            f => { DotNetMaps.SetSlot(typeof(EgressGuard), "BlockedPort", 0, 53); return DotNetRunner.CgroupSkb(EgressGuard.Guard, f); }, typeof(EgressGuard)),
    ];

    /// <summary>
    /// The pairs that read a port from slot 0 of a map get 53 (the corpus's commonest UDP port) in
    /// both kernel objects (<see cref="LoadC"/> too); their .NET runs read it from the in-memory map, which <see cref="DotNetMaps"/> resets, so they set it too.
    /// </summary>
    private static BpfObject Configured(BpfObject obj, string map, uint port)
    {
        var slot = new CodeFirstBpf.Runtime.ArrayMap<uint>(obj, map);
        slot[0] = port;
        return obj;
    }

    /// <summary>The pair named <paramref name="name"/>.</summary>
    public static ProgramPair Named(string name) => All.Single(p => p.Name == name);

    /// <summary>xunit member data: every pair name.</summary>
    public static IEnumerable<object[]> Names => All.Select(p => new object[] { p.Name });

    /// <summary>The corpus frames the kernel test-runs for this kind of program.</summary>
    public IReadOnlyList<Frame> Frames => Kind == ProgramKind.Xdp ? FrameCorpus.All : FrameCorpus.Tc;

    /// <summary>The directory holding the C twins next to the test binaries.</summary>
    public static string CTwinDirectory => Path.Combine(AppContext.BaseDirectory, "CTwins");

    /// <summary>The C twin's source file.</summary>
    public string CTwinSource => Path.Combine(CTwinDirectory, CTwin);

    /// <summary>Loads the C twin, compiled by the shared clang-twin command (<see cref="ClangTwin"/>) for this test run.</summary>
    public BpfObject LoadC()
    {
        BpfObject obj = BpfObject.Load(ClangTwin.Compile(CTwinSource), "c_" + Name);
        return Name is "PortFilter" or "EgressGuard" ? Configured(obj, Name == "PortFilter" ? "Port" : "BlockedPort", 53) : obj;
    }

    /// <summary>
    /// Runs the whole corpus through the C# method as .NET, in order, from empty in-memory maps,
    /// the way the kernel runs it through a freshly loaded object.
    /// </summary>
    public IReadOnlyList<FrameResult> RunDotNetCorpus(IReadOnlyList<Frame> frames)
    {
        lock (ProgramClass)
        {
            DotNetMaps.Reset(ProgramClass);
            return frames.Select(f => RunDotNet(f.Bytes)).ToList();
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
