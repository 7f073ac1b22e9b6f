using System;
using System.Net;
using System.Net.Sockets;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary>A TCP listener and a bound UDP socket on IPv4 loopback, at ports the kernel picks: the sockets sk_lookup tests put in their maps.</summary>
public sealed class LoopbackSockets : IDisposable
{
    /// <summary>Opens both sockets.</summary>
    public LoopbackSockets()
    {
        Listener = new TcpListener(IPAddress.Loopback, 0);
        Listener.Start();
        Datagrams = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Datagrams.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    /// <summary>The listening TCP socket.</summary>
    public TcpListener Listener { get; }

    /// <summary>The unconnected UDP socket.</summary>
    public Socket Datagrams { get; }

    /// <summary>A port of <paramref name="type"/> nobody listens on (the kernel picked it, then it was closed again).</summary>
    public static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, type, protocol);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Listener.Dispose();
        Datagrams.Dispose();
    }
}
