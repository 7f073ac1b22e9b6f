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
        // Its clsact qdisc went with its interface (other programs on this machine may have their own).
        Assert.DoesNotContain($"dev {iface} ", Processes.Ok("tc", "qdisc show"));
    }

    [SkippableFact]
    public void Service_balancer_sends_connects_to_the_vip_to_both_backends_and_cleans_up()
    {
        Kernel.Require();
        string dll = Path.Combine(AppContext.BaseDirectory, "ServiceBalancer.dll");
        var (code, output) = Processes.Run("dotnet", dll, TimeSpan.FromMinutes(2));
        Assert.True(code == 0, output);
        Assert.Equal(4, Regex.Matches(output, @"  connect 10\.96\.0\.10:80: peer 10\.96\.0\.10:80, answer ""hello from 127\.0\.0\.1:\d+""").Count);
        Assert.Equal(2, Regex.Matches(output, @"answer ""(hello from [^""]+)""").Select(m => m.Groups[1].Value).Distinct().Count());
        Assert.Contains("result: 4 connections balanced", output);
        string cgroup = Regex.Match(output, @"removed cgroup (\S+)").Groups[1].Value;
        Assert.False(Directory.Exists(cgroup), output);
    }

    [Fact]
    public void Service_balancer_without_backends_says_what_to_give()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "ServiceBalancer.dll");
        var (code, output) = Processes.Run("dotnet", $"{dll} --cgroup /sys/fs/cgroup --service 10.96.0.10:80", TimeSpan.FromMinutes(1));
        Assert.Equal(2, code);
        Assert.Equal("error: give the service and its backends: --cgroup PATH --service VIP:PORT --backend IP:PORT [--backend IP:PORT …]", output.Trim());
    }
}
