using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CodeFirstBpf.KernelTests.Programs;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary>
/// <see cref="ServiceSteering"/> attached to the test's network namespace: a TCP connect and a UDP
/// datagram to ports nobody listens on reach the sockets a <see cref="SockHash{TKey}"/> holds for
/// them, and its test runs report those sockets' cookies. In the cgroup collection, as
/// <see cref="SkLookupTests"/>: its connections must not land in the sockops test's counts.
/// </summary>
[Collection(CgroupCollection.Name)]
public sealed class SockHashTests
{
    [SkippableFact]
    public void Connections_and_datagrams_reach_the_socket_held_for_their_port_and_protocol()
    {
        Kernel.Require();
        Kernel.RequireAtLeast(5, 9);
        using var sockets = new LoopbackSockets();
        TcpListener listener = sockets.Listener;
        Socket receiver = sockets.Datagrams;
        int tcpPort = LoopbackSockets.FreePort(SocketType.Stream, ProtocolType.Tcp), udpPort = LoopbackSockets.FreePort(SocketType.Dgram, ProtocolType.Udp);
        using var steering = ServiceSteering.Load();
        Runtime.SockHash<ServiceKey> services = steering.Maps.Services;
        services.Set(new ServiceKey { Port = (uint)tcpPort, Protocol = 6 }, listener.Server);
        services.Set(new ServiceKey { Port = (uint)udpPort, Protocol = 17 }, receiver);
        Assert.Equal(2, services.Count);

        using (steering.Programs.Steer.AttachSkLookup())
        {
            using var client = new TcpClient(AddressFamily.InterNetwork);
            client.Connect(new IPEndPoint(IPAddress.Loopback, tcpPort));
            Assert.True(listener.Server.Poll(2_000_000, SelectMode.SelectRead), "the steered connection did not reach the listener");
            using TcpClient accepted = listener.AcceptTcpClient();
            Assert.Equal(client.Client.LocalEndPoint, accepted.Client.RemoteEndPoint);

            using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            sender.SendTo(Encoding.ASCII.GetBytes("steered"), new IPEndPoint(IPAddress.Loopback, udpPort));
            Assert.True(receiver.Poll(2_000_000, SelectMode.SelectRead), "the steered datagram did not reach the UDP socket");
            var buffer = new byte[64];
            Assert.Equal("steered", Encoding.ASCII.GetString(buffer, 0, receiver.Receive(buffer)));
        }
        Assert.Equal(2UL, steering.Maps.Steered[0]);
    }

    [SkippableFact]
    public void Test_runs_report_the_cookie_of_the_socket_held_for_the_key_until_it_is_removed()
    {
        Kernel.Require();
        Kernel.RequireAtLeast(5, 14);
        using var sockets = new LoopbackSockets();
        TcpListener listener = sockets.Listener;
        Socket receiver = sockets.Datagrams;
        using var steering = ServiceSteering.Load();
        Runtime.SockHash<ServiceKey> services = steering.Maps.Services;
        var web = new ServiceKey { Port = 8080, Protocol = 6 };
        var dns = new ServiceKey { Port = 5353, Protocol = 17 };
        var wrong = new ServiceKey { Port = 9090, Protocol = 6 };
        services.Set(web, listener.Server);
        services.Set(dns, receiver);
        services.Set(wrong, receiver);
        SkLookupProgram steer = steering.Programs.Steer;

        (SkAction, ulong) Run(ProtocolType protocol, int port)
        {
            SkLookupTestRunResult r = steer.TestRun(new SkLookupTestRunContext(protocol, new IPEndPoint(IPAddress.Parse("10.1.2.3"), port)));
            return (r.Action, r.SocketCookie);
        }
        Assert.Equal((SkAction.Pass, SocketCookies.Get(listener.Server)), Run(ProtocolType.Tcp, 8080));
        Assert.Equal((SkAction.Pass, SocketCookies.Get(receiver)), Run(ProtocolType.Udp, 5353));
        Assert.Equal((SkAction.Drop, 0UL), Run(ProtocolType.Tcp, 9090));
        Assert.Equal((SkAction.Pass, 0UL), Run(ProtocolType.Udp, 8080));

        Assert.Equal(new[] { 5353u, 8080u, 9090u }, services.Keys.Select(k => k.Port).Order());
        Assert.True(services.Remove(web));
        Assert.False(services.Remove(web));
        Assert.Equal((SkAction.Pass, 0UL), Run(ProtocolType.Tcp, 8080));
        Assert.Equal(2, services.Count);
        Assert.Equal(2UL, steering.Maps.Steered[0]);
        Assert.Equal(1UL, steering.Maps.Steered[1]);
    }
}
