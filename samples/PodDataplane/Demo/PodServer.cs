using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using CodeFirstBpf.Samples;

namespace PodDataplane.Demo;

/// <summary>
/// A TCP server inside a pod: greets each connection with "NAME saw CLIENT:PORT" (the peer as the
/// backend sees it, so the test can tell there is no SNAT) and then echoes lines until EOF.
/// </summary>
public sealed class PodServer : IDisposable
{
    private readonly Socket _listener;
    private volatile bool _stopped;

    /// <summary>Listens on <paramref name="port"/> in <paramref name="pod"/>'s namespace.</summary>
    public PodServer(Pod pod, int port)
    {
        Name = pod.Name;
        _listener = Netns.Run(pod.NamespacePath, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            s.Bind(new IPEndPoint(IPAddress.Any, port));
            s.Listen(64);
            return s;
        });
        // Threads, not the thread pool: on a busy 2-core machine a starved pool delayed greetings past the client's timeout.
        new Thread(AcceptLoop) { IsBackground = true, Name = $"{Name}:{port} accept" }.Start();
    }

    /// <summary>The name in the greeting.</summary>
    public string Name { get; }

    private void AcceptLoop()
    {
        while (!_stopped)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            new Thread(() => Serve(client)) { IsBackground = true, Name = $"{Name} connection" }.Start();
        }
    }

    private void Serve(Socket client)
    {
        using var stream = new NetworkStream(client, ownsSocket: true);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
        try
        {
            writer.WriteLine($"{Name} saw {client.RemoteEndPoint}");
            while (!_stopped && reader.ReadLine() is { } line) writer.WriteLine(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException) { }
    }

    /// <summary>Stops accepting and closes the listener.</summary>
    public void Dispose()
    {
        _stopped = true;
        _listener.Dispose();
    }
}
