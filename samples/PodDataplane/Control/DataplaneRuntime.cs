using System;
using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.Runtime;
using Microsoft.Extensions.Logging;
using PodDataplane.Config;

namespace PodDataplane.Control;

/// <summary>
/// The loaded programs and their attachments, shared by the hosted services: the dataplane service
/// loads and attaches, the sweeper, flow log and metrics read the same maps. Map writes for a
/// configuration go through <see cref="Apply"/>, one at a time.
/// </summary>
public sealed class DataplaneRuntime : IDisposable
{
    private readonly ILogger<DataplaneRuntime> _log;
    private readonly object _gate = new();
    private readonly Dictionary<string, List<InterfaceLink>> _links = [];
    private PodPrograms.Loaded? _loaded;

    /// <summary>Creates the runtime; nothing is loaded until <see cref="Load"/>.</summary>
    public DataplaneRuntime(ILogger<DataplaneRuntime> log) => _log = log;

    /// <summary>The loaded object.</summary>
    /// <exception cref="InvalidOperationException">Before <see cref="Load"/> or after <see cref="Dispose"/>.</exception>
    public PodPrograms.Loaded Loaded => _loaded ?? throw new InvalidOperationException("The dataplane is not loaded yet.");

    /// <summary>Whether the programs are loaded.</summary>
    public bool IsLoaded => _loaded is not null;

    /// <summary>The interfaces the programs are attached to now.</summary>
    public IReadOnlyList<string> AttachedInterfaces { get { lock (_gate) return [.. _links.Keys]; } }

    /// <summary>Loads the three programs and their maps into the kernel (verifier messages go to the log on failure).</summary>
    public void Load()
    {
        _loaded = PodPrograms.Load();
        _log.LogInformation("loaded {Programs} into the kernel: XDP Prefilter, TC FromWorkload, TC ToWorkload, {Maps} maps",
            _loaded.Object.Name, _loaded.Object.Maps.Count);
    }

    /// <summary>Writes <paramref name="state"/> into the maps and attaches to / detaches from interfaces to match.</summary>
    public void Apply(DesiredState state)
    {
        lock (_gate)
        {
            var maps = Loaded.Maps;
            // Backends first and stale ones last: a frontend never counts a backend ordinal that is missing.
            int changes = MapSync.Upsert(maps.Backends, state.Backends);
            changes += MapSync.Upsert(maps.Frontends, state.Frontends) + MapSync.RemoveStale(maps.Frontends, state.Frontends);
            changes += MapSync.RemoveStale(maps.Backends, state.Backends);
            changes += MapSync.Upsert(maps.PolicyRules, state.PolicyRules);
            changes += MapSync.Sync(maps.PolicySources, state.PolicySources);
            changes += MapSync.RemoveStale(maps.PolicyRules, state.PolicyRules);
            changes += MapSync.Sync(maps.Routes, state.Routes);
            changes += MapSync.Sync(maps.BlockList, state.BlockList);
            if (!maps.PrefilterConfig[0].Equals(state.Prefilter))
            {
                maps.PrefilterConfig.Set(0, state.Prefilter);
                changes++;
            }
            _log.LogInformation("configuration applied: {Changes} map entries written or removed ({Services} services, {Backends} backends, {Rules} policy rules, {Routes} routes, {Blocked} blocked CIDRs)",
                changes, state.Frontends.Count, state.Backends.Count, state.PolicyRules.Count, state.Routes.Count, state.BlockList.Count);
            foreach (string gone in _links.Keys.Except(state.Interfaces).ToList()) Detach(gone);
            foreach (string name in state.Interfaces.Where(n => !_links.ContainsKey(n))) Attach(name);
        }
    }

    private void Attach(string name)
    {
        var programs = Loaded.Programs;
        var links = new List<InterfaceLink>();
        try
        {
            links.Add(programs.Prefilter.AttachXdp(name, XdpMode.Native));
            links.Add(programs.FromWorkload.AttachTc(name, TcDirection.Ingress));
            links.Add(programs.ToWorkload.AttachTc(name, TcDirection.Egress));
        }
        catch
        {
            foreach (var link in links) link.Dispose();
            throw;
        }
        _links[name] = links;
        _log.LogInformation("attached to {Interface}: {Links}", name, string.Join(", ", links));
    }

    private void Detach(string name)
    {
        foreach (var link in _links[name]) link.Dispose();
        _links.Remove(name);
        _log.LogInformation("detached from {Interface}", name);
    }

    /// <summary>Detaches from every interface; the maps stay until <see cref="Dispose"/>.</summary>
    public void DetachAll()
    {
        lock (_gate)
            foreach (string name in _links.Keys.ToList()) Detach(name);
    }

    /// <summary>Detaches everything and unloads the programs and maps.</summary>
    public void Dispose()
    {
        DetachAll();
        _loaded?.Dispose();
        _loaded = null;
    }
}
