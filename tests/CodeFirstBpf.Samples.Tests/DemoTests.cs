using System.Text.RegularExpressions;
using Xunit;

namespace CodeFirstBpf.Samples.Tests;

/// <summary>The demo, run as a user runs it: real ICMP dropped, UDP passed, nothing left behind.</summary>
public class DemoTests
{
    [SkippableFact]
    public void Demo_drops_icmp_passes_udp_and_cleans_up()
    {
        Kernel.Require();
        string dll = Path.Combine(AppContext.BaseDirectory, "IcmpFilter.dll");
        var (code, output) = Processes.Run("dotnet", $"{dll} --seconds 2", TimeSpan.FromMinutes(2));
        Assert.True(code == 0, output);
        var m = Regex.Match(output, @"result: (\d+) frames seen, (\d+) ICMP echo requests dropped, (\d+) UDP datagrams passed");
        Assert.True(m.Success, output);
        Assert.True(long.Parse(m.Groups[2].Value) > 0, output);
        Assert.True(long.Parse(m.Groups[3].Value) > 0, output);
        var ns = Regex.Match(output, @"in netns (\S+)").Groups[1].Value;
        var iface = Regex.Match(output, @"test network: (\S+) ").Groups[1].Value;
        Assert.DoesNotContain(ns, Processes.Ok("ip", "netns list"));
        Assert.DoesNotContain(iface, Processes.Ok("ip", "-o link"));
    }

    [SkippableFact]
    public void Flow_monitor_announces_and_counts_every_flow_and_cleans_up()
    {
        Kernel.Require();
        string dll = Path.Combine(AppContext.BaseDirectory, "FlowMonitor.dll");
        var (code, output) = Processes.Run("dotnet", $"{dll} --seconds 2", TimeSpan.FromMinutes(2));
        Assert.True(code == 0, output);
        // Four UDP source ports and ICMP: five flows, each announced once on the ring buffer.
        Assert.Equal(5, Regex.Matches(output, @"  new flow  ").Count);
        Assert.Equal(4, Regex.Matches(output, @"  new flow  udp ").Count);
        Assert.Contains("result: 5 flows tracked", output);
        var ns = Regex.Match(output, @"in netns (\S+)").Groups[1].Value;
        var iface = Regex.Match(output, @"test network: (\S+) ").Groups[1].Value;
        Assert.DoesNotContain(ns, Processes.Ok("ip", "netns list"));
        Assert.DoesNotContain(iface, Processes.Ok("ip", "-o link"));
        Assert.DoesNotContain("clsact", Processes.Ok("tc", "qdisc show"));
    }
}
