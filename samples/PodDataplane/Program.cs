using System;
using System.IO;
using System.Linq;
using System.Threading;
using CodeFirstBpf.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PodDataplane.Config;
using PodDataplane.Control;
using PodDataplane.Demo;

namespace PodDataplane;

/// <summary>
/// <c>PodDataplane --config FILE</c> runs the agent until Ctrl+C or SIGTERM;
/// <c>PodDataplane --demo</c> builds pods on veth pairs, runs the agent over them with real traffic, and removes everything.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        try
        {
            if (args.Contains("--demo")) return Demo();
            int i = Array.IndexOf(args, "--config");
            if (i >= 0 && i + 1 < args.Length)
            {
                string file = Path.GetFullPath(args[i + 1]);
                if (!File.Exists(file)) return Fail($"the configuration file {file} does not exist; pass an existing JSON file (see dataplane.example.json).");
                using var host = DataplaneHost.Build(file, args.Where((_, k) => k != i && k != i + 1).ToArray());
                // Check the configuration before starting, so a bad value is one sentence rather than a host failure report.
                StateCompiler.Compile(host.Services.GetRequiredService<IOptionsMonitor<DataplaneOptions>>().CurrentValue);
                host.Run();
                return 0;
            }
            Console.Error.WriteLine("usage: PodDataplane --config dataplane.json   run the agent (Ctrl+C or SIGTERM detaches and exits)");
            Console.Error.WriteLine("       PodDataplane --demo                    pods on veth pairs, real traffic through the agent, then cleanup");
            return 2;
        }
        catch (Exception e) when (e is DataplaneConfigException or BpfException)
        {
            return Fail(e.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return 2;
    }

    private static int Demo()
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var r = DemoScenario.Run(Console.Out, LogLevel.Warning, stop.Token);
        bool ok = r.VipGreetings.Count == 6 && !r.DeniedPortConnected && r.XdpBlockedDelta > 0 && r.XdpBlockedDelta + r.BlockedVethDropped >= (ulong)r.BlockedSent
            && r.XdpRateLimitedDelta > 0 && r.ReloadApplied && r.KeptConnectionSurvived && r.MetricsText.Contains("pod_dataplane_packets");
        Console.WriteLine(ok ? "\nresult: ok" : "\nresult: FAILED");
        return ok ? 0 : 1;
    }
}
