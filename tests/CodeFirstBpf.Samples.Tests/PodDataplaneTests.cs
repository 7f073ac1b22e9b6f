using System.Text.RegularExpressions;
using PodDataplane.Demo;
using Xunit;

namespace CodeFirstBpf.Samples.Tests;

/// <summary>
/// The pod dataplane end to end, with real pods (namespaces on veth pairs), real TCP through the
/// service VIP, the agent as the real Generic Host over a real configuration file, a real reload
/// and a real HTTP scrape; then nothing may be left behind.
/// </summary>
public class PodDataplaneTests
{
    [SkippableFact]
    public void Vip_policy_prefilter_reload_sweep_and_metrics_work_on_real_traffic()
    {
        Kernel.Require();
        var output = new StringWriter();
        var r = DemoScenario.Run(output);
        string log = output.ToString();

        // DNAT and reverse NAT: six handshakes with the VIP complete (the client's kernel would reset
        // a SYN-ACK from any other address), each answered by a backend that saw the client's own address.
        Assert.True(r.VipGreetings.Count == 6, log);
        Assert.True(r.VipPeers.All(p => p == $"{DemoConfig.Vip}:{DemoConfig.VipPort}"), log);
        Assert.True(r.VipGreetings.All(g => Regex.IsMatch(g, @"^backend-[12] saw 198\.51\.100\.10:\d+$")), log);
        Assert.True(r.FlowLog.Any(l => Regex.IsMatch(l, @"^new tcp 198\.51\.100\.10:\d+ -> 192\.0\.2\.80:80 via 198\.51\.100\.2[12]:8080$")), log);

        // Policy: the port no rule allows gets no answer, and the flow log says why.
        Assert.False(r.DeniedPortConnected, log);
        Assert.True(r.FlowLog.Any(l => Regex.IsMatch(l, @"^denied tcp 198\.51\.100\.10:\d+ -> 198\.51\.100\.21:9090$")), log);

        // Prefilter: every datagram from the block-listed source that reached the host side died in
        // XDP (a busy machine may fill the veth's ring first: those the veth counts as dropped);
        // TC never logged one.
        Assert.True(r.BlockedSent > 0 && r.XdpBlockedDelta > 0, log);
        Assert.True(r.XdpBlockedDelta + r.BlockedVethDropped == (ulong)r.BlockedSent, log);
        Assert.True(!r.FlowLog.Any(l => l.Contains(DemoConfig.BlockedSource)), log);
        Assert.True(r.TcDeltaDuringBlockedFlood < (ulong)r.BlockedSent, log);
        Assert.True(r.XdpRateLimitedDelta > 0 && r.XdpRateLimitedDelta < (ulong)r.BurstSent, log);

        // Conntrack through the runtime (field names) and through bpftool (BTF names).
        Assert.True(r.ConntrackLines.Any(l => l.Contains("state=established") && l.Contains("frontend=192.0.2.80:80")), log);
        Assert.True(r.ConntrackLines.Any(l => l.Contains("kind=nat-forward") && l.Contains("backend=198.51.100.2")), log);
        Assert.True(r.BpftoolDump.Contains("\"AddressA\"") && r.BpftoolDump.Contains("\"LastSeenNs\""), log);

        // A broken change is refused and the running configuration keeps serving.
        Assert.True(r.RefusedReloadReported, log);
        Assert.True(r.ServedAfterRefusedReload, log);
        Assert.True(Regex.IsMatch(r.MetricsText, @"pod_dataplane_config_rejected_total(\{\})? [1-9]"), log);

        // Reload: maps rewritten in place (same program), the removed backend's open connection
        // still echoes, every new connection goes to the backend that stayed.
        Assert.True(r.ReloadApplied, log);
        Assert.True(r.SameProgramsAfterReload, log);
        Assert.True(r.KeptConnectionSurvived, log);
        Assert.True(r.AfterReloadGreetings.Count == 6, log);
        Assert.True(!r.AfterReloadGreetings.Any(g => g.Contains(r.KeptBackend)), log);

        // The sweeper expired the closed connections; closing was logged.
        Assert.True(r.SweptEntries > 0, log);
        Assert.True(r.FlowLog.Any(l => l.StartsWith("closed tcp ")), log);

        // The metrics endpoint, scraped over HTTP, carries the kernel's counters.
        var blocked = Regex.Match(r.MetricsText, @"pod_dataplane_packets_total\{reason=""xdp_blocked""\} (\d+)");
        Assert.True(blocked.Success, r.MetricsText);
        Assert.True(ulong.Parse(blocked.Groups[1].Value) >= (ulong)r.BlockedSent, r.MetricsText);
        Assert.True(Regex.IsMatch(r.MetricsText, @"pod_dataplane_config_applied_total(\{\})? [2-9]"), log);
        Assert.True(Regex.IsMatch(r.MetricsText, @"pod_dataplane_map_entries\{map=""frontends""\} 1"), log);

        // Nothing left: namespaces, veth pairs.
        string namespaces = Processes.Ok("ip", "netns list"), links = Processes.Ok("ip", "-o link");
        Assert.All(r.Namespaces, ns => Assert.DoesNotContain(ns, namespaces));
        Assert.All(r.Interfaces, i => Assert.DoesNotContain(i, links));
    }

    [Theory]
    [InlineData("\"Services\": [{ \"Name\": \"web\", \"Vip\": \"192.0.2.80\" }]",
        "Services 'web' Vip: '192.0.2.80' is not an endpoint; write it as a.b.c.d:port with port 1 to 65535.")]
    [InlineData("\"Services\": [{ \"Name\": \"web\", \"Vip\": \"192.0.2.80:80\", \"Protocol\": \"sctp\" }]",
        "Services 'web': protocol 'sctp' is not supported; use tcp or udp.")]
    [InlineData("\"Interfaces\": [\"cfbnosuchif0\"]",
        "Interfaces 'cfbnosuchif0': there is no interface 'cfbnosuchif0' on this host; create it first or fix the name.")]
    [InlineData("\"Routes\": [{ \"Cidr\": \"198.51.100.0/33\", \"Host\": true }]",
        "Routes '198.51.100.0/33': '198.51.100.0/33' is not an IPv4 CIDR; write it as a.b.c.d/len with len 0 to 32.")]
    public void A_bad_configuration_is_one_sentence_and_nothing_is_loaded(string dataplane, string message)
    {
        string dir = Path.Combine(Path.GetTempPath(), "cfb-dp-bad-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "dataplane.json");
            File.WriteAllText(file, $"{{ \"Dataplane\": {{ {dataplane} }} }}");
            string dll = Path.Combine(AppContext.BaseDirectory, "PodDataplane.dll");
            var (code, text) = Processes.Run("dotnet", $"{dll} --config {file}", TimeSpan.FromMinutes(1));
            Assert.Equal(2, code);
            Assert.Equal("error: " + message, text.Trim());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
