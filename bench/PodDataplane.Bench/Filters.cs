using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CodeFirstBpf.Runtime;
using CodeFirstBpf.Samples;
using PodDataplane.Config;

namespace PodDataplane.Bench;

/// <summary>One way to enforce the policy "sender → udp/5000 denied, udp/5001 allowed" behind N rules, on the receiver's ingress.</summary>
public interface IPolicyFilter : IDisposable
{
    /// <summary>The row name.</summary>
    string Name { get; }
    /// <summary>Packets the deny rule dropped so far.</summary>
    long Dropped();
    /// <summary>Packets the allow decision passed so far.</summary>
    long Passed();
}

/// <summary>What the iptables-based rows share.</summary>
internal static class Filler
{
    /// <summary>Addresses for the rules that do not match the sender: 198.18.0.0/15 (benchmarking range), inside the namespaces only.</summary>
    public static IEnumerable<string> Addresses(int count)
        => Enumerable.Range(0, count).Select(i => $"198.18.{i / 250}.{i % 250 + 1}");

    /// <summary>Feeds <paramref name="input"/> to <paramref name="tool"/> (iptables-restore, ipset restore) inside the receiver's namespace: thousands of rules in one call.</summary>
    public static void Restore(BenchNetwork net, string tool, string input)
    {
        string file = Path.Combine(Path.GetTempPath(), $"cfb-bench-{Environment.ProcessId}.restore");
        File.WriteAllText(file, input);
        try
        {
            net.InReceiver("sh", $"-c \"{tool} < {file}\"");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The packet counter of the rule in <paramref name="chain"/> whose line names <paramref name="marker"/> and the destination port.</summary>
    public static long RuleCounter(BenchNetwork net, string chain, string marker, int port)
    {
        string listing = net.InReceiver("iptables", $"-L {chain} -v -x -n");
        var line = listing.Split('\n').Last(l => l.Contains(marker) && l.Contains($"dpt:{port}"));
        return long.Parse(Regex.Match(line, @"^\s*(\d+)").Groups[1].Value);
    }
}

/// <summary>N iptables rules in a chain off INPUT: N − 2 that match other sources, then the deny and the allow for the sender (rules are walked in order, per packet).</summary>
public sealed class IptablesFilter : IPolicyFilter
{
    private readonly BenchNetwork _net;

    public IptablesFilter(BenchNetwork net, int rules)
    {
        _net = net;
        var text = new StringBuilder("*filter\n:CFBBENCH - [0:0]\n-A INPUT -j CFBBENCH\n");
        foreach (string a in Filler.Addresses(Math.Max(0, rules - 2))) text.Append($"-A CFBBENCH -s {a}/32 -p udp --dport {Traffic.DeniedPort} -j DROP\n");
        text.Append($"-A CFBBENCH -s {net.SenderAddress}/32 -p udp --dport {Traffic.DeniedPort} -j DROP\n");
        text.Append($"-A CFBBENCH -s {net.SenderAddress}/32 -p udp --dport {Traffic.AllowedPort} -j ACCEPT\nCOMMIT\n");
        Filler.Restore(net, "iptables-restore", text.ToString());
    }

    public string Name => "iptables";

    public long Dropped() => Filler.RuleCounter(_net, "CFBBENCH", _net.SenderAddress.ToString(), Traffic.DeniedPort);
    public long Passed() => Filler.RuleCounter(_net, "CFBBENCH", _net.SenderAddress.ToString(), Traffic.AllowedPort);

    public void Dispose()
    {
        Processes.Run("ip", $"netns exec {_net.Receiver} iptables -F");
        Processes.Run("ip", $"netns exec {_net.Receiver} iptables -X CFBBENCH");
    }
}

/// <summary>iptables' best case: the N sources in one ipset (hash:ip), two rules that match against it.</summary>
public sealed class IpsetFilter : IPolicyFilter
{
    private readonly BenchNetwork _net;

    public IpsetFilter(BenchNetwork net, int rules)
    {
        _net = net;
        var set = new StringBuilder("create cfbbench hash:ip family inet hashsize 4096 maxelem 65536\n");
        foreach (string a in Filler.Addresses(Math.Max(0, rules - 1))) set.Append($"add cfbbench {a}\n");
        set.Append($"add cfbbench {net.SenderAddress}\n");
        Filler.Restore(net, "ipset restore", set.ToString());
        net.InReceiver("iptables", $"-A INPUT -m set --match-set cfbbench src -p udp --dport {Traffic.DeniedPort} -j DROP");
        net.InReceiver("iptables", $"-A INPUT -m set --match-set cfbbench src -p udp --dport {Traffic.AllowedPort} -j ACCEPT");
    }

    public string Name => "ipset";

    public long Dropped() => Filler.RuleCounter(_net, "INPUT", "cfbbench", Traffic.DeniedPort);
    public long Passed() => Filler.RuleCounter(_net, "INPUT", "cfbbench", Traffic.AllowedPort);

    public void Dispose()
    {
        Processes.Run("ip", $"netns exec {_net.Receiver} iptables -F");
        Processes.Run("ip", $"netns exec {_net.Receiver} ipset destroy cfbbench");
    }
}

/// <summary>
/// The sample's TC program (<c>FromWorkload</c>) on the receiver's ingress with N policy sources
/// (LPM) and their rules (hash): the same maps and code the agent runs. Allowed UDP is tracked by
/// conntrack after its first packet, as the dataplane does.
/// </summary>
public sealed class EbpfFilter : IPolicyFilter
{
    private readonly PodPrograms.Loaded _loaded;
    private readonly TcLink _link;
    private readonly string _namespace;

    public EbpfFilter(BenchNetwork net, int rules)
    {
        _namespace = BenchNetwork.PathOf(net.Receiver);
        _loaded = PodPrograms.Load();
        try
        {
            var maps = _loaded.Maps;
            uint policy = 2;
            foreach (string a in Filler.Addresses(Math.Max(0, rules - 2)))
            {
                maps.PolicySources.Update(32, Parse.Address(a, "bench"), policy);
                maps.PolicyRules.Update(new RuleKey { Policy = policy, Port = Parse.Port(Traffic.DeniedPort), Protocol = 17 }, 0);
                policy++;
            }
            maps.PolicySources.Update(32, Parse.Address(net.SenderAddress.ToString(), "bench"), 1);
            maps.PolicyRules.Update(new RuleKey { Policy = 1, Port = Parse.Port(Traffic.DeniedPort), Protocol = 17 }, 0);
            maps.PolicyRules.Update(new RuleKey { Policy = 1, Port = Parse.Port(Traffic.AllowedPort), Protocol = 17 }, PodPrograms.ActionAllow);
            maps.Routes.Update(32, Parse.Address(net.ReceiverAddress.ToString(), "bench"), new RouteEntry { Flags = PodPrograms.RouteHost });
            // Attach from inside the receiver's namespace: the interface name and netlink are per namespace.
            _link = Netns.Run(BenchNetwork.PathOf(net.Receiver), () => _loaded.Programs.FromWorkload.AttachTc(net.ReceiverInterface, TcDirection.Ingress));
        }
        catch
        {
            _loaded.Dispose();
            throw;
        }
    }

    public string Name => "eBPF (TC)";

    public long Dropped() => (long)_loaded.Maps.Counters.Sum(Reason.PolicyDeny);
    public long Passed() => (long)(_loaded.Maps.Counters.Sum(Reason.CtNew) + _loaded.Maps.Counters.Sum(Reason.CtHit));

    public void Dispose()
    {
        // Detach from inside the namespace too: a clsact filter is found again by interface index there.
        Netns.Run(_namespace, () =>
        {
            _link.Dispose();
            return 0;
        });
        _loaded.Dispose();
    }
}
