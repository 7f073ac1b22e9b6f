using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CodeFirstBpf.KernelTests.Programs;
using CodeFirstBpf.Runtime;
using ServiceBalancerSample;
using Xunit;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary>
/// Connect-time load balancing on real sockets: <see cref="ServiceBalancerSample.ServiceBalancer"/>'s four cgroup sockaddr
/// programs attached to a cgroup the test creates and enters; a <see cref="TcpClient"/> or
/// <see cref="UdpClient"/> talking to a VIP no interface has reaches loopback backends, and sees the VIP.
/// </summary>
[Collection(CgroupCollection.Name)]
public sealed class ConnectBalancerTests
{
    private static readonly IPEndPoint Vip = new(IPAddress.Parse("10.255.77.1"), 8080);
    private const int PollMicroseconds = 5_000_000;

    [SkippableFact]
    public void Tcp_connects_to_the_vip_reach_the_backends_round_robin_and_the_peer_is_still_the_vip()
    {
        Kernel.Require();
        Kernel.RequireAtLeast(5, 8); // getpeername hooks
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        using var lb = ServiceBalancer.Load();
        Configure(lb, (IPEndPoint)first.LocalEndpoint, (IPEndPoint)second.LocalEndpoint);

        using var cgroup = ScratchCgroup.Create();
        using (Attach(lb, cgroup))
        {
            string shown = Processes.Ok("bpftool", ["cgroup", "show", cgroup.Path]);
            foreach (var (program, hook) in new[] { (lb.Programs.Connect4, "inet4_connect"), (lb.Programs.SendMsg4, "udp4_sendmsg"),
                (lb.Programs.RecvMsg4, "udp4_recvmsg"), (lb.Programs.GetPeerName4, "inet4_getpeername") })
                Assert.Matches($@"(?m)^{program.Id}\s+cgroup_{hook}\s+multi\s+{program.Name}\b", shown);
            using (cgroup.Enter())
            {
                for (int i = 0; i < 4; i++)
                {
                    TcpListener expected = i % 2 == 0 ? first : second;
                    using var client = new TcpClient(AddressFamily.InterNetwork); // a dual-mode socket would need the IPv6 hooks
                    client.Connect(Vip);
                    Assert.Equal(Vip, client.Client.RemoteEndPoint);
                    Assert.True(expected.Server.Poll(PollMicroseconds, SelectMode.SelectRead), $"connection {i} did not reach backend {expected.LocalEndpoint}");
                    using TcpClient accepted = expected.AcceptTcpClient();
                    Assert.Equal(client.Client.LocalEndPoint, accepted.Client.RemoteEndPoint);
                    client.GetStream().Write(Encoding.ASCII.GetBytes("ping " + i));
                    var buffer = new byte[16];
                    int read = accepted.GetStream().Read(buffer);
                    Assert.Equal("ping " + i, Encoding.ASCII.GetString(buffer, 0, read));
                }
            }
        }
        Assert.Equal(4UL, lb.Maps.Balanced[0]);
    }

    [SkippableFact]
    public void Udp_sends_to_the_vip_reach_a_backend_and_the_reply_comes_from_the_vip()
    {
        Kernel.Require();
        Kernel.RequireAtLeast(5, 8);
        using var backend = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var lb = ServiceBalancer.Load();
        var backendEndpoint = (IPEndPoint)backend.Client.LocalEndPoint!;
        Configure(lb, backendEndpoint, backendEndpoint);

        using var cgroup = ScratchCgroup.Create();
        using (Attach(lb, cgroup))
        using (cgroup.Enter())
        {
            using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            client.Send(Encoding.ASCII.GetBytes("query"), Vip);
            Assert.True(backend.Client.Poll(PollMicroseconds, SelectMode.SelectRead), "the datagram to the VIP did not reach the backend");
            IPEndPoint? from = null;
            Assert.Equal("query", Encoding.ASCII.GetString(backend.Receive(ref from)));
            Assert.Equal(client.Client.LocalEndPoint, from);
            backend.Send(Encoding.ASCII.GetBytes("answer"), from!);
            Assert.True(client.Client.Poll(PollMicroseconds, SelectMode.SelectRead), "the backend's answer did not come back");
            IPEndPoint? replier = null;
            Assert.Equal("answer", Encoding.ASCII.GetString(client.Receive(ref replier)));
            Assert.Equal(Vip, replier);
        }
        Assert.Equal(1UL, lb.Maps.Balanced[0]);
    }

    /// <summary>One service, <see cref="Vip"/>, with two backend slots.</summary>
    private static void Configure(ServiceBalancer.Loaded lb, IPEndPoint a, IPEndPoint b)
    {
        Endpoint4 vip = SocketAddresses.Of(Vip);
        lb.Maps.Services[vip] = new Service { First = 0, Count = 2 };
        lb.Maps.Backends[0] = SocketAddresses.Of(a);
        lb.Maps.Backends[1] = SocketAddresses.Of(b);
        lb.Maps.ServiceOf[SocketAddresses.Of(a)] = vip;
        lb.Maps.ServiceOf[SocketAddresses.Of(b)] = vip;
    }

    private static Links Attach(ServiceBalancer.Loaded lb, ScratchCgroup cgroup) => new(
        lb.Programs.Connect4.AttachCgroup(cgroup.Path),
        lb.Programs.SendMsg4.AttachCgroup(cgroup.Path),
        lb.Programs.RecvMsg4.AttachCgroup(cgroup.Path),
        lb.Programs.GetPeerName4.AttachCgroup(cgroup.Path));

    /// <summary>The four links, detached together; afterwards none is attached.</summary>
    private sealed class Links(params CgroupLink[] links) : IDisposable
    {
        public void Dispose()
        {
            foreach (CgroupLink link in links) link.Dispose();
            Assert.All(links, l => Assert.False(l.IsAttached));
        }
    }
}
