using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CodeFirstBpf.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PodDataplane.Config;

namespace PodDataplane.Control;

/// <summary>
/// Loads the programs, writes the configuration into the maps, attaches to the configured
/// interfaces, and from then on follows configuration changes (<see cref="IOptionsMonitor{T}"/>)
/// by writing maps in place and attaching/detaching interfaces; the programs are loaded once.
/// On stop (Ctrl+C, SIGTERM, a failing service) it detaches from every interface.
/// </summary>
public sealed class DataplaneService : IHostedService, IDisposable
{
    private readonly DataplaneRuntime _runtime;
    private readonly IOptionsMonitor<DataplaneOptions> _options;
    private readonly DataplaneMetrics _metrics;
    private readonly ILogger<DataplaneService> _log;
    private readonly ILogger _libbpf;
    private IDisposable? _subscription;

    /// <summary>Creates the service.</summary>
    public DataplaneService(DataplaneRuntime runtime, IOptionsMonitor<DataplaneOptions> options, DataplaneMetrics metrics,
        ILogger<DataplaneService> log, ILoggerFactory loggers)
    {
        _runtime = runtime;
        _options = options;
        _metrics = metrics;
        _log = log;
        _libbpf = loggers.CreateLogger("libbpf");
    }

    /// <summary>Raised after each configuration change has been applied (or refused), for the demo and tests to wait on.</summary>
    public event Action<bool>? ConfigurationHandled;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        BpfDiagnostics.LibbpfMessage += ForwardLibbpf;
        var state = StateCompiler.Compile(_options.CurrentValue);
        try
        {
            _runtime.Load();
        }
        catch (BpfVerifierException e)
        {
            _log.LogError("the verifier refused {Program}: {Message}\n{Log}", e.ProgramName, e.VerifierMessage, string.Join('\n', e.LogLines.TakeLast(30)));
            throw;
        }
        _runtime.Apply(state);
        _metrics.ConfigApplied();
        _subscription = _options.OnChange(Reload);
        return Task.CompletedTask;
    }

    private void Reload(DataplaneOptions options)
    {
        try
        {
            _runtime.Apply(StateCompiler.Compile(options));
            _metrics.ConfigApplied();
            ConfigurationHandled?.Invoke(true);
        }
        catch (Exception e) when (e is DataplaneConfigException or BpfException)
        {
            _metrics.ConfigRejected();
            _log.LogError("configuration change refused, the previous one stays in force: {Reason}", e.Message);
            ConfigurationHandled?.Invoke(false);
        }
    }

    private void ForwardLibbpf(LibbpfLogLevel level, string line)
    {
        // The second TC attach on an interface asks for the clsact qdisc the first one made; the
        // kernel's "Exclusivity flag on" refusal is expected there, so it is debug, not a warning.
        var logLevel = line.Contains("Exclusivity flag on", StringComparison.Ordinal) ? LogLevel.Debug
            : level switch { LibbpfLogLevel.Warning => LogLevel.Warning, LibbpfLogLevel.Info => LogLevel.Information, _ => LogLevel.Debug };
        _libbpf.Log(logLevel, "{Line}", line.TrimEnd());
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _subscription = null;
        _runtime.DetachAll();
        _log.LogInformation("detached from every interface");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _subscription?.Dispose();
        BpfDiagnostics.LibbpfMessage -= ForwardLibbpf;
    }
}
