using System.Net;
using System.Net.Sockets;
using CodeFirstBpf.KernelTests.Programs;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary>
/// <see cref="PortSteering"/> attached to the test's network namespace: a TCP connect to a port
/// nobody listens on reaches a listener on another port through the socket map, until detached.
/// In the cgroup collection: its TCP connection must not land in the sockops test's counts.
/// </summary>
[Collection(CgroupCollection.Name)]
public sealed class SkLookupTests
{
    [SkippableFact]
    public void Connects_to_the_steered_port_reach_the_listener_in_the_sock_map_until_detached()
    {
        Kernel.Require();
        Kernel.RequireAtLeast(5, 9);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int steeredPort = FreePort();
        using var steering = PortSteering.Load();
        steering.Maps.SteeredPort[0] = (uint)steeredPort;
        steering.Maps.Listeners.Set(0, listener.Server);
        var target = new IPEndPoint(IPAddress.Loopback, steeredPort);

        using (NetnsLink link = steering.Programs.Steer.AttachSkLookup())
        {
            using var client = new TcpClient(AddressFamily.InterNetwork);
            client.Connect(target);
            Assert.True(listener.Server.Poll(2_000_000, SelectMode.SelectRead), "the steered connection did not reach the listener");
            using TcpClient accepted = listener.AcceptTcpClient();
            Assert.Equal(client.Client.LocalEndPoint, accepted.Client.RemoteEndPoint);
            Assert.Equal(target, accepted.Client.LocalEndPoint);
            Assert.Equal(1UL, steering.Maps.Steered[0]);
        }

        using var late = new TcpClient(AddressFamily.InterNetwork);
        var refused = Assert.Throws<SocketException>(() => late.Connect(target));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
