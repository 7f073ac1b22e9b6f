using System.Collections.Generic;

namespace PodDataplane.Demo;

/// <summary>What the demo observed, raw, for its own summary and for the end-to-end test to judge.</summary>
public sealed class DemoResult
{
    /// <summary>Greetings of the connections to the VIP before the reload ("backend-1 saw 198.51.100.10:40312").</summary>
    public List<string> VipGreetings { get; } = [];
    /// <summary>The peer each of those connections had in the client's kernel.</summary>
    public List<string> VipPeers { get; } = [];
    /// <summary>Whether a connection to the denied port got through.</summary>
    public bool DeniedPortConnected { get; set; }
    /// <summary>Flow-log lines, as the agent logged them.</summary>
    public List<string> FlowLog { get; } = [];
    /// <summary>Datagrams the block-listed source sent, and what the counters moved by meanwhile.</summary>
    public int BlockedSent { get; set; }
    public ulong XdpBlockedDelta { get; set; }
    /// <summary>Datagrams the client's veth dropped before the host side's XDP saw them (its NAPI ring was full: a busy machine).</summary>
    public ulong BlockedVethDropped { get; set; }
    /// <summary>TC-seen packets (all TC reasons summed) during the block-listed flood.</summary>
    public ulong TcDeltaDuringBlockedFlood { get; set; }
    /// <summary>Datagrams sent by the over-budget source, and how many XDP rate-limited.</summary>
    public int BurstSent { get; set; }
    public ulong XdpRateLimitedDelta { get; set; }
    /// <summary>The conntrack table read through the runtime, one line per entry.</summary>
    public List<string> ConntrackLines { get; } = [];
    /// <summary><c>bpftool map dump id N</c> of the conntrack map.</summary>
    public string BpftoolDump { get; set; } = "";
    /// <summary>The backend the long-lived connection was on, and whether it still echoed after its backend left the service.</summary>
    public string KeptBackend { get; set; } = "";
    public bool KeptConnectionSurvived { get; set; }
    /// <summary>Greetings of new connections after the reload.</summary>
    public List<string> AfterReloadGreetings { get; set; } = [];
    /// <summary>Whether the reload was applied (the service's event), and whether the programs were the same ones after it.</summary>
    public bool ReloadApplied { get; set; }
    public bool SameProgramsAfterReload { get; set; }
    /// <summary>Whether the broken change was reported refused, and the VIP still answered afterwards.</summary>
    public bool RefusedReloadReported { get; set; }
    public bool ServedAfterRefusedReload { get; set; }
    /// <summary>Entries the sweeper removed (closed connections past their timeout).</summary>
    public int SweptEntries { get; set; }
    /// <summary>The text the metrics endpoint served over HTTP.</summary>
    public string MetricsText { get; set; } = "";
    /// <summary>Names of the namespaces and host interfaces the demo made (all gone when it returns).</summary>
    public List<string> Namespaces { get; } = [];
    public List<string> Interfaces { get; } = [];
}
