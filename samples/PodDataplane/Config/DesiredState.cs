using System.Collections.Generic;

namespace PodDataplane.Config;

/// <summary>
/// What the maps must hold for one configuration, keyed as the programs look things up. The
/// control plane computes it from <see cref="DataplaneOptions"/> and writes the difference.
/// </summary>
public sealed class DesiredState
{
    public Dictionary<FrontendKey, ServiceEntry> Frontends { get; } = [];
    public Dictionary<BackendKey, BackendEntry> Backends { get; } = [];
    public Dictionary<(uint PrefixLength, uint Address), RouteEntry> Routes { get; } = [];
    public Dictionary<(uint PrefixLength, uint Address), uint> PolicySources { get; } = [];
    public Dictionary<RuleKey, uint> PolicyRules { get; } = [];
    public Dictionary<(uint PrefixLength, uint Address), uint> BlockList { get; } = [];
    public PrefilterSettings Prefilter { get; set; }
    /// <summary>Interfaces to attach to, in configuration order.</summary>
    public List<string> Interfaces { get; } = [];
}
