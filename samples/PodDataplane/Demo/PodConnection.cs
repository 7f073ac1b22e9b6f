using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using CodeFirstBpf.Samples;

namespace PodDataplane.Demo;

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
