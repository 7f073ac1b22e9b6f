using System;
using System.Net;
using System.Net.Sockets;
using CodeFirstBpf.KernelTests.Programs;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary>
/// <see cref="SkLookupProgram.TestRun"/> of <see cref="PortSteering"/> over real sockets in its
/// <see cref="SockMap"/>: the kernel reports the cookie of the socket the program assigned.
/// </summary>
public sealed class SkLookupTestRunTests
{
    private const int SteeredPort = 7_777;

    [SkippableFact]
    public void A_test_run_returns_the_cookie_of_the_listener_the_program_assigned()
    {
        Kernel.Require();
        Kernel.RequireAtLeast(5, 14);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var steering = PortSteering.Load();
        steering.Maps.SteeredPort[0] = SteeredPort;
        steering.Maps.Listeners.Set(0, listener.Server);
        SkLookupProgram steer = steering.Programs.Steer;

        var steered = steer.TestRun(new SkLookupTestRunContext(ProtocolType.Tcp, new IPEndPoint(IPAddress.Loopback, SteeredPort), new IPEndPoint(IPAddress.Parse("192.0.2.7"), 40_000)));
        Assert.Equal(SkAction.Pass, steered.Action);
        Assert.NotEqual(0UL, steered.SocketCookie);
        Assert.Equal(SocketCookies.Get(listener.Server), steered.SocketCookie);
        Assert.Equal(1UL, steering.Maps.Steered[0]);

        var otherPort = steer.TestRun(new SkLookupTestRunContext(ProtocolType.Tcp, new IPEndPoint(IPAddress.Loopback, SteeredPort + 1)));
        Assert.Equal((SkAction.Pass, 0UL), (otherPort.Action, otherPort.SocketCookie));
        var udp = steer.TestRun(new SkLookupTestRunContext(ProtocolType.Udp, new IPEndPoint(IPAddress.Loopback, SteeredPort)));
        Assert.Equal((SkAction.Pass, 0UL), (udp.Action, udp.SocketCookie));
        Assert.Equal(1UL, steering.Maps.Steered[0]);
    }

    [SkippableFact]
    public void A_socket_the_kernel_refuses_to_assign_makes_the_program_drop_and_selects_nothing()
    {
        Kernel.Require();
        Kernel.RequireAtLeast(5, 14);
        using var sockets = new LoopbackSockets();
        using var steering = PortSteering.Load();
        steering.Maps.SteeredPort[0] = SteeredPort;

        // An IPv4 listener cannot take an IPv6 lookup (EAFNOSUPPORT); a UDP socket cannot take a TCP one (EPROTOTYPE).
        steering.Maps.Listeners.Set(0, sockets.Listener.Server);
        var ipv6 = steering.Programs.Steer.TestRun(new SkLookupTestRunContext(ProtocolType.Tcp, new IPEndPoint(IPAddress.IPv6Loopback, SteeredPort)));
        Assert.Equal((SkAction.Drop, 0UL), (ipv6.Action, ipv6.SocketCookie));
        steering.Maps.Listeners.Set(0, sockets.Datagrams);
        var tcp = steering.Programs.Steer.TestRun(new SkLookupTestRunContext(ProtocolType.Tcp, new IPEndPoint(IPAddress.Loopback, SteeredPort)), repeat: 10);
        Assert.Equal((SkAction.Drop, 0UL), (tcp.Action, tcp.SocketCookie));
        Assert.Equal(0UL, steering.Maps.Steered[0]);
    }

    [SkippableFact]
    public void A_context_of_two_families_or_none_is_refused_before_the_kernel_sees_it()
    {
        Kernel.Require();
        using var steering = PortSteering.Load();
        var mixed = Assert.Throws<ArgumentException>(() => steering.Programs.Steer.TestRun(
            new SkLookupTestRunContext(ProtocolType.Tcp, new IPEndPoint(IPAddress.Loopback, 80), new IPEndPoint(IPAddress.IPv6Loopback, 1))));
        Assert.Contains("one family", mixed.Message);
        var none = Assert.Throws<ArgumentException>(() => steering.Programs.Steer.TestRun(default));
        Assert.Contains("LocalEndPoint", none.Message);
    }

    [SkippableFact]
    public void Socket_cookies_are_distinct_and_stable_for_open_sockets_and_refused_for_closed_ones()
    {
        Kernel.Require();
        using var a = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var b = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        ulong cookie = SocketCookies.Get(a);
        Assert.NotEqual(0UL, cookie);
        Assert.Equal(cookie, SocketCookies.Get(a));
        Assert.NotEqual(cookie, SocketCookies.Get(b));
        b.Dispose();
        Assert.Throws<BpfException>(() => SocketCookies.Get(b));
    }
}
