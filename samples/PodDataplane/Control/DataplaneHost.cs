using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PodDataplane.Config;

namespace PodDataplane.Control;

/// <summary>The Generic Host of the dataplane agent: configuration file, services, logging, systemd.</summary>
public static class DataplaneHost
{
    /// <summary>
    /// Builds the host over the JSON file <paramref name="configFile"/> (reloaded on change; the
    /// <c>Dataplane</c> section is <see cref="DataplaneOptions"/>). Under systemd it reports
    /// readiness and logs in journald's format; elsewhere the console logger.
    /// </summary>
    public static IHost Build(string configFile, string[] args, LogLevel minimumLevel = LogLevel.Information)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, DisableDefaults = true });
        builder.Configuration.AddJsonFile(configFile, optional: false, reloadOnChange: true);
        builder.Configuration.AddCommandLine(args);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(minimumLevel);
        builder.Services.AddSystemd();
        builder.Services.AddOptions<DataplaneOptions>().Bind(builder.Configuration.GetSection(DataplaneOptions.Section));
        builder.Services.AddSingleton<DataplaneRuntime>();
        builder.Services.AddSingleton<DataplaneMetrics>();
        builder.Services.AddSingleton<FlowLogReader>();
        builder.Services.AddSingleton<ConntrackSweeper>();
        // Order matters: hosted services start in registration order. The metrics listener first,
        // so the first configuration is counted; the readers after the service that loads the maps.
        builder.Services.AddHostedService<MetricsEndpoint>();
        builder.Services.AddSingleton<DataplaneService>();
        builder.Services.AddHostedService(s => s.GetRequiredService<DataplaneService>());
        builder.Services.AddHostedService(s => s.GetRequiredService<FlowLogReader>());
        builder.Services.AddHostedService(s => s.GetRequiredService<ConntrackSweeper>());
        return builder.Build();
    }
}
