using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PodDataplane.Control;

/// <summary>
/// Reads the programs' ring-buffer flow log (new flow, denied, closed, reset), writes each record
/// through <see cref="ILogger"/> and keeps the most recent ones for whoever asks (the demo, tests).
/// </summary>
public sealed class FlowLogReader : BackgroundService
{
    private const int Keep = 1000;
    private readonly DataplaneRuntime _runtime;
    private readonly ILogger<FlowLogReader> _log;
    private readonly Queue<FlowEvent> _recent = new();

    /// <summary>Creates the reader over <paramref name="runtime"/>'s ring buffer.</summary>
    public FlowLogReader(DataplaneRuntime runtime, ILogger<FlowLogReader> log)
    {
        _runtime = runtime;
        _log = log;
    }

    /// <summary>The most recent records, oldest first.</summary>
    public IReadOnlyList<FlowEvent> Recent
    {
        get { lock (_recent) return [.. _recent]; }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in _runtime.Loaded.Maps.FlowLog.ReadAllAsync(stoppingToken))
            {
                lock (_recent)
                {
                    if (_recent.Count == Keep) _recent.Dequeue();
                    _recent.Enqueue(e);
                }
                _log.LogInformation("flow {Flow}", FlowText.Describe(e));
            }
        }
        catch (OperationCanceledException) { }
    }
}
