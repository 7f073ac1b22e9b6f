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
