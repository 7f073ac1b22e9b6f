using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CodeFirstBpf.Samples;

namespace PodDataplane.Demo;

/// <summary>
/// A TCP server inside a pod: greets each connection with "NAME saw CLIENT:PORT" (the peer as the
/// backend sees it, so the test can tell there is no SNAT) and then echoes lines until EOF.
/// </summary>
public sealed class PodServer : IDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();

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
        _ = Task.Run(AcceptLoop);
    }

    /// <summary>The name in the greeting.</summary>
    public string Name { get; }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(Socket client)
    {
        using var stream = new NetworkStream(client, ownsSocket: true);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
        try
        {
            await writer.WriteLineAsync($"{Name} saw {client.RemoteEndPoint}");
            while (await reader.ReadLineAsync(_stop.Token) is { } line) await writer.WriteLineAsync(line);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException) { }
    }

    /// <summary>Stops accepting and closes the listener.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
    }
}

/// <summary>A TCP connection made from inside a pod.</summary>
public sealed class PodConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;

    private PodConnection(Socket socket, string greeting)
    {
        _socket = socket;
        var stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(stream, Encoding.ASCII);
        _writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
        Greeting = greeting;
    }

    /// <summary>The server's first line ("backend-1 saw 198.51.100.10:40312").</summary>
    public string Greeting { get; private set; }

    /// <summary>The address the connection is to, as the client's kernel holds it.</summary>
    public EndPoint? Peer => _socket.RemoteEndPoint;

    /// <summary>The client's own endpoint.</summary>
    public EndPoint? Local => _socket.LocalEndPoint;

    /// <summary>
    /// Connects from <paramref name="pod"/> to <paramref name="target"/> and reads the greeting, or
    /// returns null when nothing answers within <paramref name="timeout"/> (a dropped SYN).
    /// </summary>
    public static PodConnection? TryOpen(Pod pod, IPEndPoint target, TimeSpan timeout)
    {
        var socket = Netns.Run(pod.NamespacePath, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            socket.ConnectAsync(target, cts.Token).AsTask().GetAwaiter().GetResult();
            var connection = new PodConnection(socket, "");
            var line = connection._reader.ReadLineAsync(cts.Token).AsTask().GetAwaiter().GetResult();
            connection.Greeting = line ?? "";
            return connection;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
        {
            socket.Dispose();
            return null;
        }
    }

    /// <summary>Sends a line and returns the echo (null when the connection is gone or silent for <paramref name="timeout"/>).</summary>
    public string? Echo(string line, TimeSpan timeout)
    {
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            _writer.WriteLine(line);
            return _reader.ReadLineAsync(cts.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
        {
            return null;
        }
    }

    /// <summary>Closes the connection (FIN).</summary>
    public void Dispose()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException) { }
        _socket.Dispose();
    }
}

/// <summary>A burst of UDP datagrams from one of a pod's addresses.</summary>
public static class PodFlood
{
    /// <summary>Sends <paramref name="count"/> datagrams from <paramref name="source"/> in <paramref name="pod"/> to <paramref name="target"/> as fast as the socket takes them.</summary>
    public static int Send(Pod pod, IPAddress source, IPEndPoint target, int count)
    {
        using var socket = Netns.Run(pod.NamespacePath, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(source, 0));
            return s;
        });
        byte[] payload = new byte[64];
        int sent = 0;
        for (int i = 0; i < count; i++)
        {
            try
            {
                socket.SendTo(payload, target);
                sent++;
            }
            catch (SocketException) { }
        }
        return sent;
    }
}
