using System.Text.RegularExpressions;
using CodeFirstBpf.Verifier.Tests;
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
        var (code, output) = Shell.Run("dotnet", $"{dll} --seconds 2", TimeSpan.FromMinutes(2));
        Assert.True(code == 0, output);
        var m = Regex.Match(output, @"result: (\d+) frames seen, (\d+) ICMP echo requests dropped, (\d+) UDP datagrams passed");
        Assert.True(m.Success, output);
        Assert.True(long.Parse(m.Groups[2].Value) > 0, output);
        Assert.True(long.Parse(m.Groups[3].Value) > 0, output);
        var ns = Regex.Match(output, @"in netns (\S+)").Groups[1].Value;
        var iface = Regex.Match(output, @"test network: (\S+) ").Groups[1].Value;
        Assert.DoesNotContain(ns, Shell.Ok("ip", "netns list"));
        Assert.DoesNotContain(iface, Shell.Ok("ip", "-o link"));
    }
}
