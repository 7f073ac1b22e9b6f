using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PodDataplane.Config;
using Prometheus;

namespace PodDataplane.Control;

/// <summary>
/// Serves the <see cref="DataplaneMetrics.MeterName"/> meter in Prometheus text format at
/// <c>http://Address:Port/metrics</c> through prometheus-net (its own registry, so only the
/// dataplane's instruments appear).
/// </summary>
public sealed class MetricsEndpoint : IHostedService, IDisposable
{
    private readonly IOptionsMonitor<DataplaneOptions> _options;
    private readonly ILogger<MetricsEndpoint> _log;
    private MetricServer? _server;
    private IDisposable? _adapter;

    /// <summary>Creates the endpoint; it listens from <see cref="StartAsync"/>.</summary>
    public MetricsEndpoint(IOptionsMonitor<DataplaneOptions> options, ILogger<MetricsEndpoint> log, DataplaneMetrics metrics)
    {
        _options = options;
        _log = log;
        _ = metrics; // the instruments must exist before the adapter starts listening
    }

    /// <summary>Starts listening (the address and port are read once: a change needs a restart).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = _options.CurrentValue.Metrics;
        if (settings.Port == 0) return Task.CompletedTask;
        var registry = Metrics.NewCustomRegistry();
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            InstrumentFilterPredicate = instrument => instrument.Meter.Name == DataplaneMetrics.MeterName,
            // prometheus-net drops a label set not updated for this long (at most a day); observable
            // instruments are re-read on every scrape, so only a series that stopped existing goes.
            MetricsExpireAfter = TimeSpan.FromDays(1),
        });
        _server = new MetricServer(settings.Address, settings.Port, "metrics/", registry);
        _server.Start();
        _log.LogInformation("metrics at http://{Address}:{Port}/metrics", settings.Address, settings.Port);
        return Task.CompletedTask;
    }

    /// <summary>Stops listening.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null) await _server.StopAsync();
    }

    /// <summary>Releases the listener and the meter adapter.</summary>
    public void Dispose()
    {
        _server?.Dispose();
        _adapter?.Dispose();
    }
}
