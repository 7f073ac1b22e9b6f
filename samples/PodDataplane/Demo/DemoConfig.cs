using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace PodDataplane.Demo;

/// <summary>The configuration file the demo writes for its pods: one service on the VIP, one policy, a route per pod, a block-list and a rate limit.</summary>
public static class DemoConfig
{
    /// <summary>The service VIP (a documentation address, inside the pods only).</summary>
    public const string Vip = "192.0.2.80";
    /// <summary>The VIP's port.</summary>
    public const int VipPort = 80;
    /// <summary>The port backends serve the service on (policy allows it).</summary>
    public const int ServicePort = 8080;
    /// <summary>A port backends also listen on that policy denies.</summary>
    public const int DeniedPort = 9090;
    /// <summary>The block-listed source the flood comes from.</summary>
    public const string BlockedSource = "203.0.113.66";
    /// <summary>The packets-per-second budget per source.</summary>
    public const int PacketsPerSecond = 500;

    /// <summary>The JSON text for <paramref name="client"/> and <paramref name="backends"/>; <paramref name="serviceBackends"/> are the ones the service uses.</summary>
    public static string Write(Pod client, IReadOnlyList<Pod> backends, IEnumerable<Pod> serviceBackends, int metricsPort)
    {
        var pods = new[] { client }.Concat(backends).ToList();
        var config = new Dictionary<string, object>
        {
            ["Dataplane"] = new Dictionary<string, object>
            {
                ["Interfaces"] = pods.Select(p => p.HostInterface).ToList(),
                ["Services"] = new[]
                {
                    new { Name = "web", Vip = $"{Vip}:{VipPort}", Protocol = "tcp", Backends = serviceBackends.Select(b => $"{b.Address}:{ServicePort}").ToList() },
                },
                ["Policies"] = new[]
                {
                    new { Name = "clients-to-web", Sources = new[] { $"{client.Address}/32" }, Rules = new[] { new { Protocol = "tcp", Port = ServicePort, Action = "allow" } } },
                    new { Name = "web-replies", Sources = backends.Select(b => $"{b.Address}/32").ToArray(), Rules = new[] { new { Protocol = "icmp", Port = 0, Action = "allow" } } },
                },
                ["Routes"] = pods.SelectMany(p => p.Addresses.Take(1).Select(a => new { Cidr = $"{a}/32", Interface = p.HostInterface, p.Mac })).ToList(),
                ["Prefilter"] = new { BlockList = new[] { $"{BlockedSource}/32" }, PacketsPerSecond },
                ["Conntrack"] = new { SweepIntervalSeconds = 1, TcpEstablishedSeconds = 3600, TcpTransientSeconds = 30, TcpClosedSeconds = 2, UdpSeconds = 30 },
                ["Metrics"] = new { Address = "127.0.0.1", Port = metricsPort },
            },
        };
        return JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true });
    }
}
