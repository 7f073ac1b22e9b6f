using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace PodDataplane.Config;

/// <summary>Turns <see cref="DataplaneOptions"/> into <see cref="DesiredState"/>, checking every value first.</summary>
public static class StateCompiler
{
    /// <summary>At most this many backends per service (the program spreads over ordinals by a hash modulo the count).</summary>
    public const int MaxBackends = 1024;

    /// <summary>Compiles <paramref name="options"/>; interfaces named by routes are resolved on this host.</summary>
    /// <exception cref="DataplaneConfigException">A value is malformed or names an interface that does not exist.</exception>
    public static DesiredState Compile(DataplaneOptions options)
    {
        var state = new DesiredState();
        foreach (string name in options.Interfaces)
        {
            HostInterface.IndexOf(name, $"Interfaces '{name}'");
            if (!state.Interfaces.Contains(name)) state.Interfaces.Add(name);
        }
        for (int s = 0; s < options.Services.Count; s++) AddService(state, options.Services[s], (uint)s + 1);
        for (int p = 0; p < options.Policies.Count; p++) AddPolicy(state, options.Policies[p], (uint)p + 1);
        foreach (var route in options.Routes) AddRoute(state, route);
        foreach (string cidr in options.Prefilter.BlockList) state.BlockList[Parse.Cidr(cidr, "Prefilter.BlockList")] = 1;
        if (options.Prefilter.PacketsPerSecond < 0)
            throw new DataplaneConfigException("Prefilter.PacketsPerSecond is negative; write 0 for no limit or a positive budget.");
        state.Prefilter = new PrefilterSettings { PacketsPerSecond = (uint)options.Prefilter.PacketsPerSecond };
        return state;
    }

    private static void AddService(DesiredState state, ServiceOptions service, uint id)
    {
        string where = $"Services '{service.Name}'";
        var (address, port) = Parse.Endpoint(service.Vip, where + " Vip");
        byte protocol = Parse.Protocol(service.Protocol, where, icmpAllowed: false);
        if (service.Backends.Count > MaxBackends)
            throw new DataplaneConfigException($"{where} has {service.Backends.Count} backends; at most {MaxBackends} are supported.");
        var key = new FrontendKey { Address = address, Port = port, Protocol = protocol };
        if (state.Frontends.ContainsKey(key))
            throw new DataplaneConfigException($"{where}: {service.Vip}/{service.Protocol} is already another service's VIP; give each service its own.");
        state.Frontends[key] = new ServiceEntry { Id = id, Count = (uint)service.Backends.Count };
        for (int b = 0; b < service.Backends.Count; b++)
        {
            var (backendAddress, backendPort) = Parse.Endpoint(service.Backends[b], where + " Backends");
            state.Backends[new BackendKey { Service = id, Ordinal = (uint)b }] = new BackendEntry { Address = backendAddress, Port = backendPort };
        }
    }

    private static void AddPolicy(DesiredState state, PolicyOptions policy, uint id)
    {
        string where = $"Policies '{policy.Name}'";
        foreach (string cidr in policy.Sources) state.PolicySources[Parse.Cidr(cidr, where + " Sources")] = id;
        foreach (var rule in policy.Rules)
        {
            if (rule.Port is < 0 or > 65535)
                throw new DataplaneConfigException($"{where}: port {rule.Port} is out of range; write 1 to 65535, or 0 for any port.");
            uint action = rule.Action.ToLowerInvariant() switch
            {
                "allow" => PodPrograms.ActionAllow,
                "deny" => 0,
                _ => throw new DataplaneConfigException($"{where}: action '{rule.Action}' is not known; use allow or deny."),
            };
            byte protocol = Parse.Protocol(rule.Protocol, where, icmpAllowed: true);
            state.PolicyRules[new RuleKey { Policy = id, Port = Parse.Port(rule.Port), Protocol = protocol }] = action;
        }
    }

    private static void AddRoute(DesiredState state, RouteOptions route)
    {
        string where = $"Routes '{route.Cidr}'";
        var prefix = Parse.Cidr(route.Cidr, where);
        if (route.Host)
        {
            state.Routes[prefix] = new RouteEntry { Flags = PodPrograms.RouteHost };
            return;
        }
        if (string.IsNullOrEmpty(route.Interface) || string.IsNullOrEmpty(route.Mac))
            throw new DataplaneConfigException($"{where} needs Interface and Mac (the workload's), or Host: true.");
        int ifIndex = HostInterface.IndexOf(route.Interface, where + " Interface");
        byte[] macs = new byte[12];
        Parse.Mac(route.Mac, where + " Mac").CopyTo(macs, 0);
        HostInterface.MacOf(route.Interface).CopyTo(macs, 6);
        state.Routes[prefix] = new RouteEntry
        {
            Flags = PodPrograms.RouteLocalWorkload,
            IfIndex = (uint)ifIndex,
            Mac0 = BinaryPrimitives.ReadUInt32LittleEndian(macs.AsSpan(0)),
            Mac1 = BinaryPrimitives.ReadUInt32LittleEndian(macs.AsSpan(4)),
            Mac2 = BinaryPrimitives.ReadUInt32LittleEndian(macs.AsSpan(8)),
        };
    }
}
