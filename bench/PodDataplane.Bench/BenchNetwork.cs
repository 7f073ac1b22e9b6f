using System.Net;

namespace PodDataplane.Bench;

/// <summary>
/// Two namespaces joined by one veth pair: the sender's and the receiver's, whose ingress carries
/// the filter under test (iptables INPUT, ipset, or the sample's TC program). Link-local addresses,
/// nothing in the host namespace; Dispose deletes both namespaces (and so the pair).
/// </summary>
public sealed class BenchNetwork : IDisposable
{
    private static readonly string Tag = (Environment.ProcessId % 100000).ToString();

    /// <summary>The sender's namespace.</summary>
    public string Sender { get; } = $"cfb-bn{Tag}-s";
    /// <summary>The receiver's namespace.</summary>
    public string Receiver { get; } = $"cfb-bn{Tag}-r";
    /// <summary>The receiver's end of the pair (inside <see cref="Receiver"/>).</summary>
    public string ReceiverInterface => "eth0";
    public IPAddress SenderAddress { get; } = IPAddress.Parse("169.254.200.1");
    public IPAddress ReceiverAddress { get; } = IPAddress.Parse("169.254.200.2");

    /// <summary>Makes the namespaces and the pair.</summary>
    public BenchNetwork()
    {
        try
        {
            Ip($"netns add {Sender}");
            Ip($"netns add {Receiver}");
            Ip($"link add cfbbn{Tag}s netns {Sender} type veth peer name cfbbn{Tag}r netns {Receiver}");
            Ip($"-n {Sender} link set cfbbn{Tag}s name eth0");
            Ip($"-n {Receiver} link set cfbbn{Tag}r name eth0");
            Ip($"-n {Sender} addr add {SenderAddress}/24 dev eth0");
            Ip($"-n {Receiver} addr add {ReceiverAddress}/24 dev eth0");
            foreach (string ns in new[] { Sender, Receiver })
            {
                Ip($"-n {ns} link set eth0 up");
                Ip($"-n {ns} link set lo up");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The namespace file setns(2) takes.</summary>
    public static string PathOf(string ns) => Path.Combine("/var/run/netns", ns);

    /// <summary>Runs a command inside the receiver's namespace (iptables, ipset); a failure throws with its output.</summary>
    public string InReceiver(string command, string arguments) => Processes.Ok("ip", $"netns exec {Receiver} {command} {arguments}");

    private static void Ip(string args) => Processes.Ok("ip", args);

    /// <summary>Deletes both namespaces.</summary>
    public void Dispose()
    {
        Processes.Run("ip", $"netns del {Sender}");
        Processes.Run("ip", $"netns del {Receiver}");
    }
}
