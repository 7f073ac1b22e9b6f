using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using CodeFirstBpf.Samples;

namespace PodDataplane.Demo;

/// <summary>
/// A node with pods, as Calico wires them: each pod is a network namespace whose <c>eth0</c> is one
/// end of a veth pair; the other end stays in this namespace without an address and carries the
/// dataplane's programs. Pods have a /32 address, a link route to the gateway 169.254.1.1 and a
/// permanent neighbour entry for it (the host-side MAC), so pod traffic reaches the host veth and
/// nothing else. Addresses are documentation ranges inside the pods only; the host namespace gets
/// no address or route. Dispose removes every namespace and veth, also after a failure.
/// </summary>
public sealed class PodNetwork : IDisposable
{
    /// <summary>The gateway every pod routes through (Calico's choice too).</summary>
    public const string Gateway = "169.254.1.1";

    private readonly string _tag = (Environment.ProcessId % 100000).ToString();
    private readonly List<Pod> _pods = [];

    /// <summary>The pods made so far.</summary>
    public IReadOnlyList<Pod> Pods => _pods;

    /// <summary>Makes a pod named <paramref name="name"/> (one letter is enough, it goes into interface names) with <paramref name="addresses"/> on its eth0.</summary>
    public Pod AddPod(string name, params string[] addresses)
    {
        var pod = new Pod(name, $"cfb-dp{_tag}-{name}", $"cfbdp{_tag}{name[0]}{_pods.Count}", $"02:cf:b0:00:{_pods.Count + 1:x2}:01",
            Array.ConvertAll(addresses, IPAddress.Parse));
        _pods.Add(pod);
        TestNetwork.Ip($"netns add {pod.Namespace}");
        TestNetwork.Ip($"link add {pod.HostInterface} type veth peer name eth0 address {pod.Mac} netns {pod.Namespace}");
        TestNetwork.Ip($"link set {pod.HostInterface} up");
        string hostMac = File.ReadAllText($"/sys/class/net/{pod.HostInterface}/address").Trim();
        foreach (var address in pod.Addresses) TestNetwork.Ip($"-n {pod.Namespace} addr add {address}/32 dev eth0");
        TestNetwork.Ip($"-n {pod.Namespace} link set lo up");
        TestNetwork.Ip($"-n {pod.Namespace} link set eth0 up");
        TestNetwork.Ip($"-n {pod.Namespace} route add {Gateway} dev eth0 scope link");
        TestNetwork.Ip($"-n {pod.Namespace} route add default via {Gateway} dev eth0");
        TestNetwork.Ip($"-n {pod.Namespace} neigh replace {Gateway} lladdr {hostMac} dev eth0 nud permanent");
        return pod;
    }

    /// <summary>Removes every pod: deleting a namespace takes its veth pair with it; the host end is deleted too in case the namespace went first.</summary>
    public void Dispose()
    {
        foreach (var pod in _pods)
        {
            TestNetwork.TryIp($"link del {pod.HostInterface}");
            TestNetwork.TryIp($"netns del {pod.Namespace}");
        }
        _pods.Clear();
    }
}

/// <summary>One pod: its namespace, the host end of its veth pair, its eth0 MAC and addresses.</summary>
public sealed record Pod(string Name, string Namespace, string HostInterface, string Mac, IPAddress[] Addresses)
{
    /// <summary>The pod's first address.</summary>
    public IPAddress Address => Addresses[0];

    /// <summary>The namespace file setns(2) takes.</summary>
    public string NamespacePath => Path.Combine("/var/run/netns", Namespace);
}
