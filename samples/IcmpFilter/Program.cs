using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using CodeFirstBpf.Runtime;
using CodeFirstBpf.Samples;

namespace IcmpFilterSample;

/// <summary>
/// Builds, loads and attaches the C# XDP program in IcmpFilter.cs. With no arguments it makes its
/// own veth pair and network namespace, sends real ICMP and UDP across it, prints live counters
/// and removes everything again; with --interface NAME it watches a real interface until Ctrl+C.
/// </summary>
internal static class Program
{
    private const int UdpPort = 9999;

    private static int Main(string[] args)
    {
        string? iface = Option(args, "--interface");
        var mode = Option(args, "--mode") == "native" ? XdpMode.Native : XdpMode.Generic;
        int seconds = int.TryParse(Option(args, "--seconds"), out int s) ? s : 5;
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        try
        {
            return iface != null ? Watch(iface, mode, stop.Token) : Demo(mode, seconds, stop.Token);
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

    private static int Demo(XdpMode mode, int seconds, CancellationToken stop)
    {
        Console.WriteLine($"IcmpFilter: C# XDP program compiled to BPF ({IcmpFilter.ElfBytes.Length} bytes of ELF)");
        using var network = TestNetwork.Create();
        Console.WriteLine($"test network: {network.HostInterface} ({network.HostAddress}) <-> {network.PeerInterface} ({network.PeerAddress}) in netns {network.Namespace}");
        using var filter = IcmpFilter.Load();
        using var link = filter.Programs.DropIcmp.AttachXdp(network.HostInterface, mode);
        Console.WriteLine($"attached {link}");

        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        listener.Bind(new IPEndPoint(network.HostAddress, UdpPort));
        int udpReceived = 0;
        var receiver = new Thread(() =>
        {
            byte[] buffer = new byte[2048];
            try
            {
                while (true)
                {
                    listener.Receive(buffer);
                    Interlocked.Increment(ref udpReceived);
                }
            }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }) { IsBackground = true };
        receiver.Start();

        using var sending = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var sender = new TrafficSender(network.NamespacePath, network.HostAddress, UdpPort);
        var senderThread = sender.Start(TimeSpan.FromMilliseconds(100), sending.Token);

        Console.WriteLine();
        Console.WriteLine("  sec   frames seen   ICMP sent   ICMP dropped   UDP sent   UDP passed   drops by source");
        for (int t = 1; t <= seconds && !stop.IsCancellationRequested; t++)
        {
            stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            PrintRow(t, filter, sender.IcmpSent, sender.UdpSent, Volatile.Read(ref udpReceived));
        }
        sending.Cancel();
        senderThread.Join();
        Thread.Sleep(200);
        ulong dropped = TotalDrops(filter);
        int passed = Volatile.Read(ref udpReceived);
        Console.WriteLine();
        Console.WriteLine($"result: {filter.Maps.PacketCount.Sum(0)} frames seen, {dropped} ICMP echo requests dropped, {passed} UDP datagrams passed");
        listener.Close();
        link.Dispose();
        Console.WriteLine($"detached from {network.HostInterface}; removing {network.Namespace} and the veth pair");
        return dropped > 0 && passed > 0 ? 0 : 1;
    }

    private static int Watch(string iface, XdpMode mode, CancellationToken stop)
    {
        using var filter = IcmpFilter.Load();
        using var link = filter.Programs.DropIcmp.AttachXdp(iface, mode);
        Console.WriteLine($"attached {link}; Ctrl+C to detach");
        Console.WriteLine("  sec   frames seen   ICMP dropped   drops by source");
        for (int t = 1; !stop.IsCancellationRequested; t++)
        {
            stop.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            Console.WriteLine($"{t,5} {filter.Maps.PacketCount.Sum(0),13} {TotalDrops(filter),14}   {Sources(filter)}");
        }
        return 0;
    }

    private static void PrintRow(int t, IcmpFilter.Loaded filter, int icmpSent, int udpSent, int udpPassed)
    {
        // One snapshot of the drop map per row, so the total and the per-source column agree.
        var sources = filter.Maps.DropsBySource.Select(kv => (Source: new IPAddress(kv.Key), Drops: kv.Value)).ToList();
        ulong dropped = 0;
        foreach (var s in sources) dropped += s.Drops;
        string bySource = string.Join(", ", sources.Select(s => $"{s.Source}={s.Drops}"));
        Console.WriteLine($"{t,5} {filter.Maps.PacketCount.Sum(0),13} {icmpSent,11} {dropped,14} {udpSent,10} {udpPassed,12}   {bySource}");
    }

    private static ulong TotalDrops(IcmpFilter.Loaded filter)
    {
        ulong total = 0;
        foreach (var (_, drops) in filter.Maps.DropsBySource) total += drops;
        return total;
    }

    private static string Sources(IcmpFilter.Loaded filter)
        => string.Join(", ", filter.Maps.DropsBySource.Select(kv => $"{new IPAddress(kv.Key)}={kv.Value}"));
}
