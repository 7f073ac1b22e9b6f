using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CodeFirstBpf.Samples;

namespace PodDataplane.Bench;

/// <summary>The same sender for every filter: a UDP blast for a fixed time, and a UDP ping-pong.</summary>
public static class Traffic
{
    /// <summary>The port the policy denies.</summary>
    public const int DeniedPort = 5000;
    /// <summary>The port the policy allows (the echo server listens there).</summary>
    public const int AllowedPort = 5001;

    /// <summary>Sends 64-byte datagrams as fast as one thread can for <paramref name="duration"/>; returns how many were sent.</summary>
    public static long Blast(BenchNetwork net, int port, TimeSpan duration)
    {
        using var socket = Netns.Run(BenchNetwork.PathOf(net.Sender), () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        var target = new IPEndPoint(net.ReceiverAddress, port);
        byte[] payload = new byte[64];
        long sent = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            for (int i = 0; i < 256; i++)
            {
                try
                {
                    socket.SendTo(payload, target);
                    sent++;
                }
                catch (SocketException) { }
            }
        }
        return sent;
    }

    /// <summary>Round trips of one datagram to the echo server; returns (p50, p99) in microseconds.</summary>
    public static (double P50, double P99) PingPong(BenchNetwork net, int rounds)
    {
        using var server = Netns.Run(BenchNetwork.PathOf(net.Receiver), () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(IPAddress.Any, AllowedPort));
            return s;
        });
        using var stop = new CancellationTokenSource();
        var echo = new Thread(() =>
        {
            byte[] buffer = new byte[256];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    int n = server.ReceiveFrom(buffer, ref from);
                    server.SendTo(buffer.AsSpan(0, n), from);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        }) { IsBackground = true };
        echo.Start();
        using var client = Netns.Run(BenchNetwork.PathOf(net.Sender), () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        client.ReceiveTimeout = 1000;
        client.Connect(new IPEndPoint(net.ReceiverAddress, AllowedPort));
        byte[] ping = new byte[64], pong = new byte[256];
        var samples = new List<double>(rounds);
        for (int i = 0; i < rounds + 100; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            client.Send(ping);
            client.Receive(pong);
            if (i >= 100) samples.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
        }
        stop.Cancel();
        server.Dispose();
        samples.Sort();
        return (samples[samples.Count / 2], samples[(int)(samples.Count * 0.99)]);
    }
}
