using System.Linq;
using CodeFirstBpf.KernelTests.Frames;
using CodeFirstBpf.KernelTests.Programs;
using CodeFirstBpf.Runtime;
using Xunit;
using static CodeFirstBpf.KernelTests.Frames.PipelineFrames;
using static CodeFirstBpf.KernelTests.Frames.Protocols;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// The Calico-style <see cref="TcPipeline"/> as a pipeline (SPEC §7.2): NAT frontends and backends,
/// routes, policy sets and rules seeded through the generated map views by one lambda that runs
/// against the kernel and the in-memory twin, then every conversation of the corpus through both,
/// in order, arriving on changing ingress interfaces with marks. Verdicts, rewritten frames, the
/// LRU conntrack and the per-CPU counters must agree entry for entry.
/// </summary>
public sealed class PipelineDifferentialTests
{
    private static void Seed(TcPipeline.IMaps m)
    {
        static LpmKey<uint> Prefix(string address, uint length) => new() { PrefixLength = length, Data = Wire32(address) };
        static PlNatKey Frontend(string address, int port, byte protocol) => new() { Address = Wire32(address), Port = (ushort)PortWord(port, 0), Protocol = protocol };
        m.PlRoutes[Prefix("10.0.0.0", 8)] = new PlRoute { Flags = 0, IfIndex = 2 };
        m.PlRoutes[Prefix("192.168.0.0", 16)] = new PlRoute { Flags = 0, IfIndex = 3 };
        m.PlRoutes[Prefix("10.0.0.1", 32)] = new PlRoute { Flags = 1, IfIndex = 1 };
        m.PlFrontends[Frontend("10.96.0.10", 80, Tcp)] = new PlService { Id = 1, Count = 3 };
        m.PlFrontends[Frontend("10.96.0.10", 53, Udp)] = new PlService { Id = 2, Count = 2 };
        m.PlFrontends[Frontend("10.96.0.11", 443, Tcp)] = new PlService { Id = 3, Count = 0 };
        m.PlFrontends[Frontend("10.96.0.12", 8080, Tcp)] = new PlService { Id = 4, Count = 2 };
        (uint Service, uint Ordinal, string Address, int Port)[] backends =
            [(1, 0, "10.1.1.1", 8080), (1, 1, "10.1.1.2", 8080), (1, 2, "10.1.1.3", 8080), (2, 0, "10.1.2.1", 53), (2, 1, "10.1.2.2", 5353), (4, 0, "10.1.4.1", 80)];
        foreach (var b in backends)
            m.PlBackends[new PlBackendKey { Service = b.Service, Ordinal = b.Ordinal }] = new PlBackend { Address = Wire32(b.Address), Port = (ushort)PortWord(b.Port, 0) };
        m.PlPolicySets[Prefix("192.168.60.0", 24)] = 1;
        m.PlPolicySets[Prefix("192.168.61.0", 24)] = 2;
        m.PlPolicySets[Prefix("192.168.61.128", 25)] = 3;
        (uint Set, int Port, byte Protocol, uint Action)[] rules =
            [(1, 8080, Tcp, 1), (1, 0, Udp, 1), (1, 22, Tcp, 2), (2, 0, Tcp, 1), (2, 53, Udp, 2), (3, 0, Icmp, 1), (0, 23, Tcp, 2)];
        foreach (var r in rules)
            m.PlRules[new PlRuleKey { Set = r.Set, Port = (ushort)PortWord(r.Port, 0), Protocol = r.Protocol }] = r.Action;
    }

    [SkippableFact]
    public void Seeded_pipeline_agrees_with_its_in_memory_twin_over_every_conversation()
    {
        Kernel.Require();
        using var kernel = TcPipeline.Load();
        using var twin = TcPipeline.InMemory();
        var steps = Traffic().Select((f, i) => new PipelineStep("Process", f.Packet.ToArray()) { IngressIfIndex = (uint)(i % 2), Mark = (uint)i * 7, Priority = (uint)i % 3 }).ToList();
        var report = Runtime.Differential.For(kernel, twin).Seed(Seed).Run(steps);
        Assert.True(report.Identical, report.ToString());
        Assert.True(steps.Count > 40, "steps: " + steps.Count);

        // The seeding reached both sides, and the traffic made state the views read the same way.
        Assert.Equal(kernel.Views.PlFrontends.Count, twin.Views.PlFrontends.Count);
        Assert.Equal(4, twin.Views.PlFrontends.Count);
        Assert.True(kernel.Views.PlConntrack.Count > 10, "conntrack entries: " + kernel.Views.PlConntrack.Count);
        Assert.Equal(kernel.Views.PlConntrack.Entries.Sum(e => (long)e.Value.Packets), twin.Views.PlConntrack.Entries.Sum(e => (long)e.Value.Packets));
    }

    [SkippableFact]
    public void A_difference_in_seeding_is_reported_with_map_and_field_names()
    {
        Kernel.Require();
        using var kernel = TcPipeline.Load();
        using var twin = TcPipeline.InMemory();
        Seed(kernel.Views);
        Seed(twin.Views);
        // One backend differs: the kernel's web backend 0 listens on another port.
        kernel.Views.PlBackends[new PlBackendKey { Service = 1, Ordinal = 0 }] = new PlBackend { Address = Wire32("10.1.1.1"), Port = (ushort)PortWord(9999, 0) };
        var report = Runtime.Differential.For(kernel, twin).Run([]);
        Assert.Contains("PlBackends[{Service=1, Ordinal=0}]: Port differ: kernel {Address=16843018, Port=3879, Pad=0}, .NET {Address=16843018, Port=36895, Pad=0}", report.MapDifferences);
    }
}
