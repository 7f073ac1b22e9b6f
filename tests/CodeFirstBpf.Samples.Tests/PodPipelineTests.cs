using System.Buffers.Binary;
using CodeFirstBpf.Runtime;
using PodDataplane;
using PodDataplane.Config;
using Xunit;

namespace CodeFirstBpf.Samples.Tests;

/// <summary>
/// PodDataplane's three programs as one pipeline, kernel against its in-memory twin: one configuration
/// (compiled by the agent's own <see cref="StateCompiler"/>) seeded through the generated views on both
/// sides, then a flow corpus through the XDP prefilter, TC ingress from the workload and TC egress
/// towards it, in order — handshakes to the VIP and their replies, data, FIN and RST, a policy
/// denial, UDP to a second VIP, block-listed sources, an ICMP error about a tracked flow and one about
/// nothing, truncations and byte mutations. Verdicts, rewritten frames, conntrack, counters and the
/// flow log must agree; only what the kernel's clock computes is masked.
/// </summary>
public class PodPipelineTests
{
    private const string Client = "198.51.100.10", Web = "192.0.2.80", Dns = "192.0.2.53";
    private static readonly string[] s_webBackends = ["198.51.100.21", "198.51.100.22"];

    private static DesiredState Config() => StateCompiler.Compile(new DataplaneOptions
    {
        Services =
        [
            new ServiceOptions { Name = "web", Vip = Web + ":80", Protocol = "tcp", Backends = [s_webBackends[0] + ":8080", s_webBackends[1] + ":8080"] },
            new ServiceOptions { Name = "dns", Vip = Dns + ":53", Protocol = "udp", Backends = ["198.51.100.23:5353"] },
        ],
        Policies =
        [
            new PolicyOptions
            {
                Name = "clients", Sources = ["198.51.100.0/28"],
                Rules = [new RuleOptions { Protocol = "tcp", Port = 8080, Action = "allow" }, new RuleOptions { Protocol = "udp", Port = 5353, Action = "allow" }, new RuleOptions { Protocol = "icmp", Port = 0, Action = "allow" }],
            },
            new PolicyOptions { Name = "backends", Sources = ["198.51.100.16/28"], Rules = [new RuleOptions { Protocol = "tcp", Port = 0, Action = "allow" }] },
        ],
        Routes = [new RouteOptions { Cidr = "198.51.100.0/24", Host = true }],
        Prefilter = new PrefilterOptions { BlockList = ["203.0.113.0/24"], PacketsPerSecond = 0 },
    });

    /// <summary>The same seeding code for the kernel and the twin: the agent's desired state written through the views.</summary>
    private static void Seed(PodPrograms.IMaps m, DesiredState s)
    {
        foreach (var (k, v) in s.Frontends) m.Frontends[k] = v;
        foreach (var (k, v) in s.Backends) m.Backends[k] = v;
        foreach (var (k, v) in s.Routes) m.Routes[new LpmKey<uint> { PrefixLength = k.PrefixLength, Data = k.Address }] = v;
        foreach (var (k, v) in s.PolicySources) m.PolicySources[new LpmKey<uint> { PrefixLength = k.PrefixLength, Data = k.Address }] = v;
        foreach (var (k, v) in s.PolicyRules) m.PolicyRules[k] = v;
        foreach (var (k, v) in s.BlockList) m.BlockList[new LpmKey<uint> { PrefixLength = k.PrefixLength, Data = k.Address }] = v;
        m.PrefilterConfig[0] = s.Prefilter;
    }

    private static IEnumerable<(string Program, byte[] Frame)> Corpus()
    {
        var flows = new List<(string, byte[])>();
        for (int c = 0; c < 4; c++)
        {
            int port = 40000 + c;
            // The client's handshake, data and close towards the VIP; the backends answer from both addresses (only the chosen one has a conntrack entry).
            flows.Add(("Prefilter", Frames.Tcp(Client, port, Web, 80, Frames.Syn)));
            flows.Add(("FromWorkload", Frames.Tcp(Client, port, Web, 80, Frames.Syn)));
            foreach (string b in s_webBackends) flows.Add(("FromWorkload", Frames.Tcp(b, 8080, Client, port, (byte)(Frames.Syn | Frames.Ack))));
            flows.Add(("FromWorkload", Frames.Tcp(Client, port, Web, 80, Frames.Ack, payload: 10 * c)));
            foreach (string b in s_webBackends) flows.Add(("ToWorkload", Frames.Tcp(b, 8080, Client, port, (byte)(Frames.Ack | Frames.Psh), payload: 20)));
            flows.Add(("FromWorkload", Frames.Tcp(Client, port, Web, 80, c % 2 == 0 ? (byte)(Frames.Fin | Frames.Ack) : Frames.Rst)));
            foreach (string b in s_webBackends) flows.Add(("FromWorkload", Frames.Tcp(b, 8080, Client, port, (byte)(Frames.Fin | Frames.Ack))));
        }
        flows.Add(("FromWorkload", Frames.Tcp(Client, 41000, "198.51.100.21", 22, Frames.Syn)));            // policy denies
        flows.Add(("ToWorkload", Frames.Tcp("198.51.100.30", 41001, Client, 8080, Frames.Syn)));             // new flow from the host
        flows.Add(("FromWorkload", Frames.Udp(Client, 42000, Dns, 53)));
        flows.Add(("FromWorkload", Frames.Udp("198.51.100.23", 5353, Client, 42000)));
        flows.Add(("Prefilter", Frames.Udp("203.0.113.9", 42001, Client, 53)));                              // block-listed
        flows.Add(("FromWorkload", Frames.IcmpUnreachable("198.51.100.21", Client, Frames.Tcp(Client, 40001, "198.51.100.21", 8080, Frames.Syn))));
        flows.Add(("FromWorkload", Frames.IcmpUnreachable("198.51.100.21", Client, Frames.Tcp(Client, 49999, "198.51.100.21", 8080, Frames.Syn))));
        // Truncations and byte mutations of every frame so far, through the program that saw it.
        var random = new Random(2026_12_07);
        foreach (var (program, frame) in flows.ToList())
        {
            flows.Add((program, frame[..Math.Max(34, frame.Length - 1 - random.Next(20))]));
            byte[] mutated = (byte[])frame.Clone();
            mutated[14 + random.Next(mutated.Length - 14)] ^= (byte)(1 + random.Next(255));
            flows.Add((program, mutated));
        }
        return flows;
    }

    [SkippableFact]
    public void The_pod_pipeline_agrees_with_its_in_memory_twin_over_the_flow_corpus()
    {
        Kernel.Require();
        DesiredState config = Config();
        using var kernel = PodPrograms.Load();
        using var twin = PodPrograms.InMemory();
        ulong t = 5_000_000_000;
        var steps = Corpus().Select(f => new PipelineStep(f.Program, f.Frame) { TimeNs = t += 1_000_000 }).ToList();
        var report = Differential.For(kernel, twin)
            .Seed(m => Seed(m, config))
            .Ignore("Conntrack", "LastSeenNs")
            .Ignore("RateWindows", "WindowStartNs")
            .Ignore("FlowLog", "TimeNs")
            .Run(steps);
        Assert.True(report.Identical, report.ToString());
        Assert.True(steps.Count > 120, "steps: " + steps.Count);
        // The corpus reached the interesting paths on both sides (the same numbers, since they agree).
        Assert.True(kernel.Views.Conntrack.Count >= 8, "conntrack: " + kernel.Views.Conntrack.Count);
        Assert.True(kernel.Views.Counters[Reason.NatDnat] >= 4, "DNATs: " + kernel.Views.Counters[Reason.NatDnat]);
        Assert.True(twin.Views.Counters[Reason.NatSnat] >= 4, "reverse NATs: " + twin.Views.Counters[Reason.NatSnat]);
    }
}
