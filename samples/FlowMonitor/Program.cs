using System;
using System.Buffers.Binary;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CodeFirstBpf.Runtime;
using CodeFirstBpf.Samples;

namespace FlowMonitorSample;

/// <summary>
/// Attaches the C# TC program in FlowMonitor.cs to the ingress of a veth pair it makes (or of
/// --interface NAME), sends UDP from several source ports and ICMP across it, prints new flows as
/// the ring buffer announces them and a flow table every second, then removes everything.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string? iface = Option(args, "--interface");
        int seconds = int.TryParse(Option(args, "--seconds"), out int s) ? s : 5;
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        try
        {
            return iface != null ? Watch(iface, int.MaxValue, stop.Token, null) : Demo(seconds, stop.Token);
        }
        catch (BpfException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Demo(int seconds, CancellationToken stop)
    {
        using var network = TestNetwork.Create("flow", subnet: 78);
        Console.WriteLine($"test network: {network.HostInterface} ({network.HostAddress}) <-> {network.PeerInterface} ({network.PeerAddress}) in netns {network.Namespace}");
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var sender = new TrafficSender(network.NamespacePath, network.HostAddress, udpPort: 5353, udpFlows: 4);
        int flows = Watch(network.HostInterface, seconds, stop, () => sender.Start(TimeSpan.FromMilliseconds(50), sending.Token));
        sending.Cancel();
        Console.WriteLine($"removing {network.Namespace} and the veth pair");
        return flows >= 5 ? 0 : 1;
    }

    /// <returns>How many flows the map holds at the end.</returns>
    private static int Watch(string iface, int seconds, CancellationToken stop, Func<Thread>? startTraffic)
    {
        using var monitor = FlowMonitor.Load();
        using var link = monitor.Programs.Track.AttachTc(iface, TcDirection.Ingress);
        Console.WriteLine($"attached {link}");
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var events = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in monitor.Maps.NewFlows.ReadAllAsync(reading.Token))
                    Console.WriteLine($"  new flow  {Describe(e.Key)}");
            }
            catch (OperationCanceledException) { }
        });
        var traffic = startTraffic?.Invoke();
        for (int t = 1; t <= seconds && !stop.IsCancellationRequested; t++)
        {
            stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            PrintTable(t, monitor);
        }
        Thread.Sleep(100);
        int count = monitor.Maps.Flows.Count();
        reading.Cancel();
        events.Wait(TimeSpan.FromSeconds(2));
        Console.WriteLine($"result: {count} flows tracked");
        return count;
    }

    private static void PrintTable(int t, FlowMonitor.Loaded monitor)
    {
        var flows = monitor.Maps.Flows.Select(kv => (kv.Key, kv.Value)).OrderByDescending(f => f.Value.Packets).ToList();
        Console.WriteLine($"[{t}s] {flows.Count} flows");
        Console.WriteLine("    proto  source                 destination            packets     bytes");
        foreach (var (key, stats) in flows.Take(10))
            Console.WriteLine($"    {Proto(key.Protocol),-5}  {Endpoint(key.Source, key.SourcePort),-21}  {Endpoint(key.Destination, key.DestinationPort),-21}  {stats.Packets,7}  {stats.Bytes,8}");
    }

    private static string Describe(FlowKey k) => $"{Proto(k.Protocol)} {Endpoint(k.Source, k.SourcePort)} -> {Endpoint(k.Destination, k.DestinationPort)}";

    private static string Proto(byte p) => p switch { 1 => "icmp", 6 => "tcp", 17 => "udp", _ => p.ToString() };

    private static string Endpoint(uint address, ushort port)
        => port == 0 ? new IPAddress(address).ToString() : $"{new IPAddress(address)}:{BinaryPrimitives.ReverseEndianness(port)}";
}
