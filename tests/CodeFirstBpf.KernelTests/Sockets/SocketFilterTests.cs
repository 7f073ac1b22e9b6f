using System.Net;
using System.Net.Sockets;
using System.Text;
using CodeFirstBpf.KernelTests.Programs;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary><see cref="PortFilter"/> on real UDP sockets and in the kernel's test run.</summary>
public sealed class SocketFilterTests
{
    private const int Datagrams = 5;

    [SkippableFact]
    public void A_filter_on_two_sockets_keeps_only_the_datagrams_to_its_port_until_detached()
    {
        Kernel.Require();
        using var kept = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var filtered = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var keptAt = (IPEndPoint)kept.Client.LocalEndPoint!;
        var filteredAt = (IPEndPoint)filtered.Client.LocalEndPoint!;
        using var filter = PortFilter.Load();
        filter.Maps.Port[0] = (uint)keptAt.Port;

        using (SocketFilterLink keptLink = filter.Programs.KeepPort.AttachSocket(kept.Client))
        using (SocketFilterLink filteredLink = filter.Programs.KeepPort.AttachSocket(filtered.Client))
        {
            for (int i = 0; i < Datagrams; i++)
            {
                sender.Send(Encoding.ASCII.GetBytes("kept " + i), keptAt);
                sender.Send(Encoding.ASCII.GetBytes("dropped " + i), filteredAt);
            }
            for (int i = 0; i < Datagrams; i++)
            {
                Assert.True(kept.Client.Poll(2_000_000, SelectMode.SelectRead));
                IPEndPoint? from = null;
                Assert.Equal("kept " + i, Encoding.ASCII.GetString(kept.Receive(ref from)));
            }
            Assert.False(filtered.Client.Poll(300_000, SelectMode.SelectRead), "a datagram to another port reached Receive");
            Assert.Equal((ulong)Datagrams, filter.Maps.Verdicts[0]);
            Assert.Equal((ulong)Datagrams, filter.Maps.Verdicts[1]);
        }

        // Detached: the other socket receives again, and the program sees nothing more.
        sender.Send(Encoding.ASCII.GetBytes("after"), filteredAt);
        Assert.True(filtered.Client.Poll(2_000_000, SelectMode.SelectRead), "the detached socket still filters");
        IPEndPoint? source = null;
        Assert.Equal("after", Encoding.ASCII.GetString(filtered.Receive(ref source)));
        Assert.Equal((ulong)Datagrams, filter.Maps.Verdicts[1]);
    }

    [SkippableFact]
    public void The_test_run_keeps_the_whole_packet_to_the_port_and_nothing_of_others()
    {
        Kernel.Require();
        using var filter = PortFilter.Load();
        filter.Maps.Port[0] = 5353;
        byte[] toPort = SocketAddresses.UdpFrame(5353);
        byte[] elsewhere = SocketAddresses.UdpFrame(53);

        Assert.Equal((uint)(toPort.Length - 14), filter.Programs.KeepPort.TestRun(toPort).KeptBytes);
        Assert.Equal(0u, filter.Programs.KeepPort.TestRun(elsewhere).KeptBytes);
        Assert.Equal(1UL, filter.Maps.Verdicts[0]);
        Assert.Equal(1UL, filter.Maps.Verdicts[1]);
    }

    [SkippableFact]
    public void Attaching_to_a_closed_socket_says_so()
    {
        Kernel.Require();
        using var filter = PortFilter.Load();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Dispose();
        var e = Assert.Throws<BpfException>(() => filter.Programs.KeepPort.AttachSocket(socket));
        Assert.Equal("Cannot attach socket filter 'KeepPort': the socket is closed; attach it to an open socket.", e.Message);
    }
}
