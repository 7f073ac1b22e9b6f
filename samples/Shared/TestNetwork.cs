using System;
using System.Diagnostics;
using System.IO;
using System.Net;

namespace CodeFirstBpf.Samples;

/// <summary>
/// A throw-away test network: a veth pair whose far end lives in a network namespace made for
/// this run. Everything it creates is removed on Dispose, also after a failure; deleting the
/// namespace takes the veth pair with it.
/// </summary>
public sealed class TestNetwork : IDisposable
{
    private bool _disposed;

    private TestNetwork(string ns, string hostIf, string peerIf, int subnet)
    {
        Namespace = ns;
        HostInterface = hostIf;
        PeerInterface = peerIf;
        HostAddress = IPAddress.Parse($"169.254.{subnet}.1");
        PeerAddress = IPAddress.Parse($"169.254.{subnet}.2");
    }

    /// <summary>The namespace holding the peer end.</summary>
    public string Namespace { get; }
    /// <summary>The end in this namespace, where the XDP program is attached.</summary>
    public string HostInterface { get; }
    /// <summary>The end inside <see cref="Namespace"/>, where traffic comes from.</summary>
    public string PeerInterface { get; }
    /// <summary>Link-local addresses: the traffic never leaves this veth pair.</summary>
    public IPAddress HostAddress { get; }
    public IPAddress PeerAddress { get; }

    /// <param name="prefix">Short name part ("demo", "flow") so two samples can run side by side.</param>
    /// <param name="subnet">Third octet of the link-local /24 the pair uses.</param>
    public static TestNetwork Create(string prefix = "demo", int subnet = 77)
    {
        string tag = (Environment.ProcessId % 100000).ToString();
        string shortPrefix = prefix.Length > 1 ? prefix.Substring(0, 1) : prefix;
        var net = new TestNetwork("cfb-" + prefix + "-" + tag, "cfb" + shortPrefix + tag + "a", "cfb" + shortPrefix + tag + "b", subnet);
        try
        {
            Ip($"netns add {net.Namespace}");
            Ip($"link add {net.HostInterface} type veth peer name {net.PeerInterface}");
            Ip($"link set {net.PeerInterface} netns {net.Namespace}");
            Ip($"addr add {net.HostAddress}/24 dev {net.HostInterface}");
            Ip($"link set {net.HostInterface} up");
            Ip($"-n {net.Namespace} addr add {net.PeerAddress}/24 dev {net.PeerInterface}");
            Ip($"-n {net.Namespace} link set {net.PeerInterface} up");
            Ip($"-n {net.Namespace} link set lo up");
            return net;
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    /// <summary>The bind-mounted namespace file that <c>setns</c> needs.</summary>
    public string NamespacePath => Path.Combine("/var/run/netns", Namespace);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        TryIp($"link del {HostInterface}");
        TryIp($"netns del {Namespace}");
    }

    /// <summary>Runs <c>ip</c> with <paramref name="args"/>; a failure throws with ip's message.</summary>
    internal static void Ip(string args)
    {
        var (code, output) = Run(args);
        if (code != 0) throw new InvalidOperationException($"'ip {args}' failed: {output.Trim()}");
    }

    /// <summary>Runs <c>ip</c> and returns what it printed on standard output (e.g. <c>-j</c> JSON); throws on failure.</summary>
    internal static string IpText(string args)
    {
        var (code, stdout, stderr) = RunSplit(args);
        if (code != 0) throw new InvalidOperationException($"'ip {args}' failed: {(stderr + stdout).Trim()}");
        return stdout;
    }

    /// <summary>Runs <c>ip</c> and ignores a failure (cleanup of what may already be gone).</summary>
    internal static void TryIp(string args) => Run(args);

    private static (int, string) Run(string args)
    {
        var (code, stdout, stderr) = RunSplit(args);
        return (code, stderr + stdout);
    }

    private static (int Code, string Stdout, string Stderr) RunSplit(string args)
    {
        var psi = new ProcessStartInfo("ip", args) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot run 'ip': install iproute2");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }
}
