using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Linq;

namespace PodDataplane.Control;

/// <summary>
/// The dataplane's <see cref="System.Diagnostics.Metrics"/> instruments: the per-CPU reason
/// counters summed over CPUs, each map's entries and capacity (read from the kernel when
/// observed), and the control plane's own reloads and sweeps. Exported by <see cref="MetricsEndpoint"/>.
/// </summary>
public sealed class DataplaneMetrics : IDisposable
{
    /// <summary>The meter's name, which the exporter listens to.</summary>
    public const string MeterName = "PodDataplane";

    private static readonly (string Name, uint Slot)[] s_reasons = [.. typeof(Reason)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name != nameof(Reason.Count))
        .Select(f => (Snake(f.Name), (uint)f.GetRawConstantValue()!))
        .OrderBy(r => r.Item2)];

    private readonly Meter _meter = new(MeterName);
    private readonly DataplaneRuntime _runtime;
    private readonly Counter<long> _reloads;
    private readonly Counter<long> _rejectedReloads;
    private readonly Counter<long> _swept;

    /// <summary>Creates the instruments over <paramref name="runtime"/>'s maps.</summary>
    public DataplaneMetrics(DataplaneRuntime runtime)
    {
        _runtime = runtime;
        _meter.CreateObservableCounter("pod_dataplane_packets", ObservePackets, unit: null, description: "Packets per decision (allow/drop reason), all CPUs summed.");
        _meter.CreateObservableGauge("pod_dataplane_map_entries", () => ObserveMaps(capacity: false), unit: null, description: "Entries in each hash or LPM map.");
        _meter.CreateObservableGauge("pod_dataplane_map_capacity", () => ObserveMaps(capacity: true), unit: null, description: "max_entries of each hash or LPM map.");
        _reloads = _meter.CreateCounter<long>("pod_dataplane_config_applied", unit: null, description: "Configurations written into the maps.");
        _rejectedReloads = _meter.CreateCounter<long>("pod_dataplane_config_rejected", unit: null, description: "Configurations refused (the previous one stays).");
        _swept = _meter.CreateCounter<long>("pod_dataplane_conntrack_swept", unit: null, description: "Conntrack entries the userspace sweeper expired.");
    }

    /// <summary>Counts a configuration written into the maps.</summary>
    public void ConfigApplied() => _reloads.Add(1);

    /// <summary>Counts a configuration refused.</summary>
    public void ConfigRejected() => _rejectedReloads.Add(1);

    /// <summary>Counts conntrack entries the sweeper removed.</summary>
    public void Swept(int entries) => _swept.Add(entries);

    /// <summary>The counter slots with their metric label, in slot order.</summary>
    public static IReadOnlyList<(string Name, uint Slot)> Reasons => s_reasons;

    private IEnumerable<Measurement<long>> ObservePackets()
    {
        if (!_runtime.IsLoaded) yield break;
        var counters = _runtime.Loaded.Maps.Counters;
        foreach (var (name, slot) in s_reasons)
            yield return new Measurement<long>((long)counters.Sum(slot), new KeyValuePair<string, object?>("reason", name));
    }

    private IEnumerable<Measurement<long>> ObserveMaps(bool capacity)
    {
        if (!_runtime.IsLoaded) yield break;
        var m = _runtime.Loaded.Maps;
        foreach (var (name, count, max) in new (string, Func<int>, uint)[]
        {
            ("conntrack", m.Conntrack.Count, m.Conntrack.MaxEntries),
            ("frontends", m.Frontends.Count, m.Frontends.MaxEntries),
            ("backends", m.Backends.Count, m.Backends.MaxEntries),
            ("policy_rules", m.PolicyRules.Count, m.PolicyRules.MaxEntries),
            ("rate_windows", m.RateWindows.Count, m.RateWindows.MaxEntries),
            ("routes", () => m.Routes.Count(), m.Routes.MaxEntries),
            ("policy_sources", () => m.PolicySources.Count(), m.PolicySources.MaxEntries),
            ("block_list", () => m.BlockList.Count(), m.BlockList.MaxEntries),
        })
            yield return new Measurement<long>(capacity ? max : count(), new KeyValuePair<string, object?>("map", name));
    }

    /// <summary>CtHit → ct_hit.</summary>
    private static string Snake(string name)
        => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>Disposes the meter.</summary>
    public void Dispose() => _meter.Dispose();
}
