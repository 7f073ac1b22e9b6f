using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PodDataplane.Config;

namespace PodDataplane.Control;

/// <summary>
/// Expires conntrack entries from userspace, as Calico's agent does: the programs only stamp
/// <see cref="ConntrackEntry.LastSeenNs"/>; every <see cref="ConntrackOptions.SweepIntervalSeconds"/>
/// this walks the table and removes entries idle longer than their state allows, and NAT-forward
/// entries whose connection entry is gone. (The LRU map also evicts under pressure.)
/// </summary>
public sealed class ConntrackSweeper : BackgroundService
{
    private readonly DataplaneRuntime _runtime;
    private readonly IOptionsMonitor<DataplaneOptions> _options;
    private readonly DataplaneMetrics _metrics;
    private readonly ILogger<ConntrackSweeper> _log;

    /// <summary>Creates the sweeper over <paramref name="runtime"/>'s conntrack map.</summary>
    public ConntrackSweeper(DataplaneRuntime runtime, IOptionsMonitor<DataplaneOptions> options, DataplaneMetrics metrics, ILogger<ConntrackSweeper> log)
    {
        _runtime = runtime;
        _options = options;
        _metrics = metrics;
        _log = log;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = _options.CurrentValue.Conntrack;
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.1, settings.SweepIntervalSeconds)), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (!_runtime.IsLoaded) continue;
            int removed = Sweep(settings);
            if (removed > 0)
            {
                _metrics.Swept(removed);
                _log.LogInformation("conntrack sweep removed {Removed} idle entries", removed);
            }
        }
    }

    /// <summary>One pass over the table; returns how many entries were removed.</summary>
    public int Sweep(ConntrackOptions settings)
    {
        var table = _runtime.Loaded.Maps.Conntrack;
        ulong now = MonotonicNs();
        var stale = new List<ConntrackKey>();
        var forwards = new List<(ConntrackKey Key, ConntrackEntry Entry)>();
        foreach (var (key, entry) in table)
        {
            if (entry.Kind == PodPrograms.KindNatForward) forwards.Add((key, entry));
            else if (now > entry.LastSeenNs && now - entry.LastSeenNs > TimeoutNs(entry, settings)) stale.Add(key);
        }
        foreach (var key in stale) table.Remove(key);
        // A NAT-forward entry lives as long as its connection entry (replies refresh only that one).
        int removed = stale.Count;
        foreach (var (key, entry) in forwards)
        {
            if (table.ContainsKey(ConnectionOf(key, entry))) continue;
            table.Remove(key);
            removed++;
        }
        return removed;
    }

    /// <summary>The connection entry a NAT-forward entry belongs to: the client's end and the backend, ordered as the programs order them.</summary>
    private static ConntrackKey ConnectionOf(ConntrackKey forward, ConntrackEntry entry)
    {
        bool clientIsA = entry.OpenerIsA != 0;
        uint client = clientIsA ? forward.AddressA : forward.AddressB;
        ushort clientPort = clientIsA ? forward.PortA : forward.PortB;
        var key = new ConntrackKey { Protocol = forward.Protocol };
        bool clientFirst = client < entry.NatAddress || (client == entry.NatAddress && clientPort <= entry.NatPort);
        (key.AddressA, key.PortA, key.AddressB, key.PortB) = clientFirst
            ? (client, clientPort, entry.NatAddress, entry.NatPort)
            : (entry.NatAddress, entry.NatPort, client, clientPort);
        return key;
    }

    private static ulong TimeoutNs(ConntrackEntry entry, ConntrackOptions settings)
    {
        double seconds = entry.State switch
        {
            PodPrograms.StateEstablished => settings.TcpEstablishedSeconds,
            PodPrograms.StateClosed => settings.TcpClosedSeconds,
            PodPrograms.StateOpen or PodPrograms.StateReplied => settings.UdpSeconds,
            _ => settings.TcpTransientSeconds,
        };
        return (ulong)(seconds * 1e9);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGettime(int clock, out Timespec time);

    /// <summary><c>CLOCK_MONOTONIC</c>, the clock <c>bpf_ktime_get_ns</c> reads.</summary>
    public static ulong MonotonicNs()
    {
        ClockGettime(1, out var t);
        return (ulong)t.Seconds * 1_000_000_000UL + (ulong)t.Nanoseconds;
    }
}
