using System;
using System.IO;
using System.Threading;
using System.Text.Json;

namespace CodeFirstBpf.Tests.Support;

/// <summary>
/// A veth pair with unique names (cfbrt…; test.sh finds leftovers by the cfb prefix), both ends up, deleted on Dispose (which also removes
/// anything still attached to it).
/// </summary>
internal sealed class VethPair : IDisposable
{
    private VethPair(string sender, string receiver)
    {
        Sender = sender;
        Receiver = receiver;
    }

    /// <summary>The end frames are sent from.</summary>
    internal string Sender { get; }

    /// <summary>The end frames arrive at.</summary>
    internal string Receiver { get; }

    internal static VethPair Create()
    {
        // The pair is made with ip and inspected with tc and bpftool.
        Kernel.RequireTools("ip", "tc", "bpftool");
        string id = Guid.NewGuid().ToString("N")[..8];
        var pair = new VethPair($"cfbrt{id}a", $"cfbrt{id}b");
        try
        {
            Processes.Ok("ip", ["link", "add", pair.Sender, "type", "veth", "peer", "name", pair.Receiver]);
            // No IPv6 on the test links, so the kernel sends no router solicitations over them.
            Processes.Run("sysctl", ["-qw", $"net.ipv6.conf.{pair.Sender}.disable_ipv6=1"]);
            Processes.Run("sysctl", ["-qw", $"net.ipv6.conf.{pair.Receiver}.disable_ipv6=1"]);
            Processes.Ok("ip", ["link", "set", pair.Sender, "up"]);
            Processes.Ok("ip", ["link", "set", pair.Receiver, "up"]);
            pair.WaitUntilOperational();
            return pair;
        }
        catch
        {
            pair.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Carrier-on is handled asynchronously by the kernel's linkwatch: until then an end's root
    /// qdisc is still <c>noop</c>, which silently drops every frame sent through it.
    /// </summary>
    private void WaitUntilOperational()
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(IsOperational(Sender) && IsOperational(Receiver)))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"veth pair {Sender}/{Receiver} did not come up.");
            Thread.Sleep(20);
        }
    }

    private static bool IsOperational(string name) =>
        File.ReadAllText($"/sys/class/net/{name}/operstate").Trim() == "up"
        && !TcQdiscs(name).Contains("qdisc noop", StringComparison.Ordinal);

    /// <summary>What <c>ip link show</c> says about an end.</summary>
    internal static string IpLinkShow(string name) => Processes.Ok("ip", ["link", "show", "dev", name]);

    /// <summary>The XDP and TC programs <c>bpftool net</c> lists on an interface.</summary>
    internal static (int Xdp, int Tc) BpftoolNet(string name)
    {
        using JsonDocument json = JsonDocument.Parse(Processes.Ok("bpftool", ["-j", "net", "show", "dev", name]));
        JsonElement entry = json.RootElement[0];
        return (Count(entry, "xdp"), Count(entry, "tc"));
    }

    /// <summary>How many BPF links <c>bpftool link</c> lists for a program.</summary>
    internal static int LinksOfProgram(uint programId)
    {
        using JsonDocument json = JsonDocument.Parse(Processes.Ok("bpftool", ["-j", "link", "show"]));
        int count = 0;
        foreach (JsonElement link in json.RootElement.EnumerateArray())
        {
            if (link.TryGetProperty("prog_id", out JsonElement id) && id.GetUInt32() == programId)
                count++;
        }
        return count;
    }

    internal static string TcQdiscs(string name) => Processes.Ok("tc", ["qdisc", "show", "dev", name]);

    public void Dispose() => Processes.Run("ip", ["link", "del", Sender]);

    private static int Count(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out JsonElement list) ? list.GetArrayLength() : 0;
}
