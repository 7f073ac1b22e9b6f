using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using PodDataplane.Config;

namespace PodDataplane.Control;

/// <summary>
/// Serves the <see cref="DataplaneMetrics.MeterName"/> meter in Prometheus text format at
/// <c>http://Address:Port/metrics</c> through OpenTelemetry's Prometheus HttpListener exporter
/// (a meter provider that listens to this meter only, so nothing else leaks into the scrape).
/// </summary>
public sealed class MetricsEndpoint : IHostedService, IDisposable
{
    private readonly IOptionsMonitor<DataplaneOptions> _options;
    private readonly ILogger<MetricsEndpoint> _log;
    private MeterProvider? _provider;

    /// <summary>Creates the endpoint; it listens from <see cref="StartAsync"/>.</summary>
    public MetricsEndpoint(IOptionsMonitor<DataplaneOptions> options, ILogger<MetricsEndpoint> log)
    {
        _options = options;
        _log = log;
    }

    /// <summary>Starts listening (the address and port are read once: a change needs a restart).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = _options.CurrentValue.Metrics;
        if (settings.Port == 0) return Task.CompletedTask;
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(DataplaneMetrics.MeterName)
            .AddPrometheusHttpListener(o =>
            {
                o.Host = settings.Address;
                o.Port = settings.Port;
                // Every scrape reads the kernel maps afresh; no cached answer.
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                o.TargetInfoEnabled = false;
                o.ScopeInfoEnabled = false;
            })
            .Build();
        _log.LogInformation("metrics at http://{Address}:{Port}/metrics", settings.Address, settings.Port);
        return Task.CompletedTask;
    }

    /// <summary>Stops listening.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Releases the listener.</summary>
    public void Dispose()
    {
        _provider?.Dispose();
        _provider = null;
    }
}
