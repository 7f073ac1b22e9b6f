using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PodDataplane.Control;

namespace PodDataplane.Demo;

/// <summary>
/// The <c>--demo</c> run: a client pod and two backend pods on veth pairs, the agent (the real
/// Generic Host over a real configuration file) attached to their host ends, then real traffic:
/// TCP through the service VIP, a port policy denies, a flood from a block-listed source and one
/// over the rate limit, the conntrack table through the runtime and bpftool, a configuration
/// reload that removes a backend while a connection to it stays open, the sweeper expiring closed
/// connections, and a scrape of the metrics endpoint. Everything is removed at the end.
/// </summary>
public static class DemoScenario
{
    // Long enough for one retransmitted SYN (1 s) on a busy machine; the denied port waits it out too.
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(4);

    /// <summary>Runs the demo, narrating to <paramref name="output"/>; returns what it observed.</summary>
    public static DemoResult Run(TextWriter output, LogLevel agentLogLevel = LogLevel.Information, CancellationToken stop = default)
    {
        var result = new DemoResult();
        string configDir = Path.Combine(Path.GetTempPath(), $"cfb-dp-{Environment.ProcessId}");
        using var network = new PodNetwork();
        try
        {
            var client = network.AddPod("client", "198.51.100.10", "198.51.100.12", DemoConfig.BlockedSource);
            var b1 = network.AddPod("backend-1", "198.51.100.21");
            var b2 = network.AddPod("backend-2", "198.51.100.22");
            var backends = new[] { b1, b2 };
            foreach (var pod in network.Pods)
            {
                result.Namespaces.Add(pod.Namespace);
                result.Interfaces.Add(pod.HostInterface);
                output.WriteLine($"pod {pod.Name,-9} netns {pod.Namespace}  eth0 {string.Join(",", pod.Addresses.Select(a => a.ToString()))}  host side {pod.HostInterface}");
            }
            using var servers = new ServerSet(backends);
            Directory.CreateDirectory(configDir);
            string configFile = Path.Combine(configDir, "dataplane.json");
            int metricsPort = FreePort();
            File.WriteAllText(configFile, DemoConfig.Write(client, backends, backends, metricsPort));
            output.WriteLine($"config {configFile}: service web {DemoConfig.Vip}:{DemoConfig.VipPort} -> {b1.Address}:{DemoConfig.ServicePort}, {b2.Address}:{DemoConfig.ServicePort}");

            using var host = DataplaneHost.Build(configFile, [], agentLogLevel);
            host.StartAsync(stop).GetAwaiter().GetResult();
            try
            {
                Exercise(output, result, host, client, backends, configFile, metricsPort);
            }
            finally
            {
                host.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
        }
        finally
        {
            network.Dispose();
            if (Directory.Exists(configDir)) Directory.Delete(configDir, recursive: true);
            output.WriteLine($"removed {string.Join(", ", result.Namespaces)} and their veth pairs");
        }
        return result;
    }

    private static void Exercise(TextWriter output, DemoResult result, IHost host, Pod client, Pod[] backends, string configFile, int metricsPort)
    {
        var runtime = host.Services.GetRequiredService<DataplaneRuntime>();
        var flowLog = host.Services.GetRequiredService<FlowLogReader>();
        var service = host.Services.GetRequiredService<DataplaneService>();
        var counters = runtime.Loaded.Maps.Counters;
        var vip = new IPEndPoint(IPAddress.Parse(DemoConfig.Vip), DemoConfig.VipPort);

        output.WriteLine($"\n== TCP to the VIP {vip} from {client.Address}");
        var open = new List<PodConnection>();
        for (int i = 0; i < 6; i++)
        {
            var c = PodConnection.TryOpen(client, vip, ConnectTimeout);
            if (c is null)
            {
                output.WriteLine($"  connection {i + 1}: no answer");
                continue;
            }
            open.Add(c);
            result.VipGreetings.Add(c.Greeting);
            result.VipPeers.Add(c.Peer?.ToString() ?? "");
            output.WriteLine($"  connection {i + 1}: {c.Local} -> peer {c.Peer}, server says \"{c.Greeting}\"");
        }

        output.WriteLine($"\n== TCP to {backends[0].Address}:{DemoConfig.DeniedPort}, a port no rule allows");
        using (var denied = PodConnection.TryOpen(client, new IPEndPoint(backends[0].Address, DemoConfig.DeniedPort), ConnectTimeout))
        {
            result.DeniedPortConnected = denied is not null;
            output.WriteLine(denied is null ? "  no answer: the SYN was dropped by policy" : $"  connected (unexpected): {denied.Greeting}");
        }

        output.WriteLine($"\n== UDP flood from block-listed {DemoConfig.BlockedSource}");
        ulong blocked0 = counters.Sum(Reason.XdpBlocked), tc0 = TcTotal(counters), dropped0 = PodFlood.TxDropped(client);
        result.BlockedSent = PodFlood.Send(client, IPAddress.Parse(DemoConfig.BlockedSource), vip, 2000);
        Thread.Sleep(200);
        result.XdpBlockedDelta = counters.Sum(Reason.XdpBlocked) - blocked0;
        result.TcDeltaDuringBlockedFlood = TcTotal(counters) - tc0;
        result.BlockedVethDropped = PodFlood.TxDropped(client) - dropped0;
        output.WriteLine($"  sent {result.BlockedSent}, XDP dropped {result.XdpBlockedDelta}, TC saw {result.TcDeltaDuringBlockedFlood}" +
            (result.BlockedVethDropped > 0 ? $", the veth dropped {result.BlockedVethDropped} before XDP (its ring was full)" : ""));

        output.WriteLine($"\n== UDP burst from 198.51.100.12, over the {DemoConfig.PacketsPerSecond} packets/s budget");
        ulong limited0 = counters.Sum(Reason.XdpRateLimited);
        result.BurstSent = PodFlood.Send(client, IPAddress.Parse("198.51.100.12"), new IPEndPoint(backends[0].Address, 7), 3000);
        Thread.Sleep(200);
        result.XdpRateLimitedDelta = counters.Sum(Reason.XdpRateLimited) - limited0;
        output.WriteLine($"  sent {result.BurstSent}, XDP rate-limited {result.XdpRateLimitedDelta}");

        output.WriteLine("\n== conntrack, read through the runtime");
        foreach (var (key, entry) in runtime.Loaded.Maps.Conntrack.OrderBy(e => e.Value.Kind).ThenBy(e => e.Key.PortA ^ e.Key.PortB))
        {
            string line = ConntrackText.Describe(key, entry);
            result.ConntrackLines.Add(line);
            output.WriteLine("  " + line);
        }
        result.BpftoolDump = Bpftool($"map dump id {runtime.Loaded.Maps.Conntrack.Handle.Id}");
        output.WriteLine($"\n== bpftool map dump id {runtime.Loaded.Maps.Conntrack.Handle.Id} (first entry)");
        foreach (string line in result.BpftoolDump.Split('\n').SkipWhile(l => !l.Contains("\"key\"")).Take(22)) output.WriteLine("  " + line);

        Reload(output, result, runtime, service, client, backends, configFile, metricsPort, open);

        foreach (var c in open) c.Dispose();
        output.WriteLine("\n== closed the connections; waiting for the sweeper");
        int swept0 = runtime.Loaded.Maps.Conntrack.Count();
        Thread.Sleep(TimeSpan.FromSeconds(4.5));
        result.SweptEntries = swept0 - runtime.Loaded.Maps.Conntrack.Count();
        output.WriteLine($"  conntrack {swept0} -> {runtime.Loaded.Maps.Conntrack.Count()} entries");

        output.WriteLine($"\n== flow log (ring buffer)");
        foreach (var e in flowLog.Recent) result.FlowLog.Add(FlowText.Describe(e));
        // The over-budget burst's survivors are denied UDP, one record each: show the TCP story.
        foreach (string line in result.FlowLog.Where(l => l.Contains(" tcp ")).Take(24)) output.WriteLine("  " + line);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        result.MetricsText = http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics").GetAwaiter().GetResult();
        output.WriteLine($"\n== GET http://127.0.0.1:{metricsPort}/metrics (non-zero packet counters, map sizes)");
        foreach (string line in result.MetricsText.Split('\n').Where(l => (l.StartsWith("pod_dataplane_packets") && !l.EndsWith(" 0")) || l.StartsWith("pod_dataplane_map_entries") || l.StartsWith("pod_dataplane_config")))
            output.WriteLine("  " + line);
    }

    private static void Reload(TextWriter output, DemoResult result, DataplaneRuntime runtime, DataplaneService service, Pod client, Pod[] backends,
        string configFile, int metricsPort, List<PodConnection> open)
    {
        var kept = open.FirstOrDefault(c => c.Greeting.StartsWith(backends[1].Name)) ?? open.FirstOrDefault();
        result.KeptBackend = kept?.Greeting.Split(' ')[0] ?? "";
        var removed = backends.First(b => b.Name == result.KeptBackend || kept is null);
        var remaining = backends.Where(b => b != removed).ToList();
        var vip = new IPEndPoint(IPAddress.Parse(DemoConfig.Vip), DemoConfig.VipPort);
        output.WriteLine("\n== a broken change (a backend without a port) is refused; the running configuration stays");
        string broken = DemoConfig.Write(client, backends, backends, metricsPort).Replace($"{backends[1].Address}:{DemoConfig.ServicePort}", $"{backends[1].Address}");
        result.RefusedReloadReported = WriteAndWait(service, configFile, broken, expectApplied: false);
        using (var probe = PodConnection.TryOpen(client, vip, ConnectTimeout))
        {
            result.ServedAfterRefusedReload = probe is not null;
            output.WriteLine($"  refused: {result.RefusedReloadReported}; the VIP still answers: {probe?.Greeting ?? "no"}");
        }

        output.WriteLine($"\n== reload: {removed.Name} leaves the service while a connection to it stays open");
        uint programId = runtime.Loaded.Programs.FromWorkload.Id;
        result.ReloadApplied = WriteAndWait(service, configFile, DemoConfig.Write(client, backends, remaining, metricsPort), expectApplied: true);
        result.SameProgramsAfterReload = runtime.Loaded.Programs.FromWorkload.Id == programId;
        output.WriteLine($"  applied: {result.ReloadApplied}; program id {programId} -> {runtime.Loaded.Programs.FromWorkload.Id}");
        string? echo = kept?.Echo("still there?", ConnectTimeout);
        result.KeptConnectionSurvived = echo == "still there?";
        output.WriteLine($"  established connection to {result.KeptBackend}: echo {(echo is null ? "lost" : $"\"{echo}\"")}");
        for (int i = 0; i < 6; i++)
        {
            var c = PodConnection.TryOpen(client, vip, ConnectTimeout);
            if (c is null) continue;
            open.Add(c);
            result.AfterReloadGreetings.Add(c.Greeting);
            output.WriteLine($"  new connection {i + 1}: server says \"{c.Greeting}\"");
        }
    }

    /// <summary>Rewrites the configuration file and waits until the agent has applied (or refused) it.</summary>
    private static bool WriteAndWait(DataplaneService service, string configFile, string json, bool expectApplied)
    {
        using var handled = new ManualResetEventSlim();
        void OnHandled(bool applied)
        {
            if (applied == expectApplied) handled.Set();
        }
        service.ConfigurationHandled += OnHandled;
        try
        {
            File.WriteAllText(configFile, json);
            return handled.Wait(TimeSpan.FromSeconds(15));
        }
        finally
        {
            service.ConfigurationHandled -= OnHandled;
        }
    }

    /// <summary>All packets the TC programs counted a decision for (everything but the XDP slots).</summary>
    private static ulong TcTotal(CodeFirstBpf.Runtime.PerCpuArrayMap<ulong> counters)
    {
        ulong total = 0;
        foreach (var (_, slot) in DataplaneMetrics.Reasons)
            if (slot is < Reason.XdpSeen or > Reason.XdpPassed) total += counters.Sum(slot);
        return total;
    }

    private static string Bpftool(string args)
    {
        var psi = new ProcessStartInfo("bpftool", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot run bpftool: install it (apt-get install bpftool)");
        string text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return text;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The backends' servers on the service port and the denied port.</summary>
    private sealed class ServerSet : IDisposable
    {
        private readonly List<PodServer> _servers = [];

        public ServerSet(IEnumerable<Pod> backends)
        {
            try
            {
                foreach (var pod in backends)
                {
                    _servers.Add(new PodServer(pod, DemoConfig.ServicePort));
                    _servers.Add(new PodServer(pod, DemoConfig.DeniedPort));
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            foreach (var s in _servers) s.Dispose();
        }
    }
}
