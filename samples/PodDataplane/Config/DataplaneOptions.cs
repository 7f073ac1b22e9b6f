using System.Collections.Generic;

namespace PodDataplane.Config;

/// <summary>
/// The <c>Dataplane</c> section of the configuration file. Bound through <c>IOptionsMonitor</c>:
/// every change is written into the maps in place; the programs stay loaded and attached.
/// </summary>
public sealed class DataplaneOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Dataplane";

    /// <summary>Host-side interfaces of workloads: each gets the XDP prefilter and both TC programs.</summary>
    public List<string> Interfaces { get; set; } = [];
    /// <summary>Services: a VIP and port, and the backends new flows are spread over.</summary>
    public List<ServiceOptions> Services { get; set; } = [];
    /// <summary>Policies: source CIDRs and the (protocol, port) rules for flows they open. No policy, no flow.</summary>
    public List<PolicyOptions> Policies { get; set; } = [];
    /// <summary>Routes by destination CIDR.</summary>
    public List<RouteOptions> Routes { get; set; } = [];
    /// <summary>The XDP prefilter.</summary>
    public PrefilterOptions Prefilter { get; set; } = new();
    /// <summary>Conntrack expiry, swept from userspace.</summary>
    public ConntrackOptions Conntrack { get; set; } = new();
    /// <summary>The Prometheus endpoint.</summary>
    public MetricsOptions Metrics { get; set; } = new();
}

/// <summary>A service: <c>Vip</c> as <c>address:port</c>, <c>Protocol</c> tcp or udp, backends as <c>address:port</c>.</summary>
public sealed class ServiceOptions
{
    public string Name { get; set; } = "";
    public string Vip { get; set; } = "";
    public string Protocol { get; set; } = "tcp";
    public List<string> Backends { get; set; } = [];
}

/// <summary>A policy: flows from <c>Sources</c> (CIDRs) are allowed or denied by <c>Rules</c>; what no rule names is denied.</summary>
public sealed class PolicyOptions
{
    public string Name { get; set; } = "";
    public List<string> Sources { get; set; } = [];
    public List<RuleOptions> Rules { get; set; } = [];
}

/// <summary>A rule: protocol (tcp, udp, icmp), destination port (0 or absent = any) and action (allow or deny).</summary>
public sealed class RuleOptions
{
    public string Protocol { get; set; } = "tcp";
    public int Port { get; set; }
    public string Action { get; set; } = "allow";
}

/// <summary>
/// A route: <c>Cidr</c> to a local workload behind <c>Interface</c> whose MAC is <c>Mac</c>
/// (redirected there), or with <c>Host</c> true handed to the host's stack.
/// </summary>
public sealed class RouteOptions
{
    public string Cidr { get; set; } = "";
    public string? Interface { get; set; }
    public string? Mac { get; set; }
    public bool Host { get; set; }
}

/// <summary>The XDP prefilter: block-listed source CIDRs and a per-source packet budget (0 = none).</summary>
public sealed class PrefilterOptions
{
    public List<string> BlockList { get; set; } = [];
    public int PacketsPerSecond { get; set; }
}

/// <summary>Conntrack idle timeouts per state and how often the sweeper runs, in seconds.</summary>
public sealed class ConntrackOptions
{
    public double SweepIntervalSeconds { get; set; } = 10;
    public double TcpEstablishedSeconds { get; set; } = 3600;
    public double TcpTransientSeconds { get; set; } = 30;
    public double TcpClosedSeconds { get; set; } = 10;
    public double UdpSeconds { get; set; } = 60;
}

/// <summary>Where the Prometheus text endpoint listens (127.0.0.1 by default; port 0 turns it off).</summary>
public sealed class MetricsOptions
{
    public string Address { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 9464;
}
