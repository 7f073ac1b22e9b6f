using System;
using System.Net;
using System.Reflection;
using CodeFirstBpf.KernelTests.Differential;
using ServiceBalancerSample;
using Xunit;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary>
/// The sockaddr programs run as .NET (SPEC §4) over a <see cref="SockAddrMetadata"/>: the kernel has
/// no test run for the type, so these runs and the real-socket tests are what check it.
/// </summary>
[Collection(CgroupCollection.Name)]
public sealed unsafe class SockAddrDotNetTests
{
    private static readonly IPEndPoint Vip = new(IPAddress.Parse("10.96.0.10"), 80);
    private static readonly IPEndPoint[] Backends = [new(IPAddress.Parse("192.168.7.1"), 8080), new(IPAddress.Parse("192.168.7.2"), 8081)];

    [Fact]
    public void Connect4_as_dotnet_rewrites_the_vip_round_robin_and_getpeername4_shows_it_again()
    {
        lock (typeof(ServiceBalancer))
        {
            Configure();
            for (int i = 0; i < 4; i++)
            {
                SockAddrMetadata md = Connect(Vip);
                Assert.Equal(SockAddrAction.Proceed, ServiceBalancer.Connect4(new SockAddrContext(&md)));
                Assert.Equal(SocketAddresses.Of(Backends[i % 2]), new Endpoint4 { Ip = md.UserIp4, Port = md.UserPort });

                Assert.Equal(SockAddrAction.Proceed, ServiceBalancer.GetPeerName4(new SockAddrContext(&md)));
                Assert.Equal(SocketAddresses.Of(Vip), new Endpoint4 { Ip = md.UserIp4, Port = md.UserPort });
            }
        }
    }

    [Fact]
    public void Other_addresses_are_left_alone()
    {
        lock (typeof(ServiceBalancer))
        {
            Configure();
            var elsewhere = new IPEndPoint(IPAddress.Parse("10.96.0.11"), 80);
            SockAddrMetadata md = Connect(elsewhere);
            Assert.Equal(SockAddrAction.Proceed, ServiceBalancer.SendMsg4(new SockAddrContext(&md)));
            Assert.Equal(SocketAddresses.Of(elsewhere), new Endpoint4 { Ip = md.UserIp4, Port = md.UserPort });
        }
    }

    private static SockAddrMetadata Connect(IPEndPoint to)
    {
        Endpoint4 e = SocketAddresses.Of(to);
        return new SockAddrMetadata { UserFamily = 2, Family = 2, Type = 1, Protocol = 6, UserIp4 = e.Ip, UserPort = e.Port };
    }

    /// <summary>The in-memory maps (process-wide statics of the program class) set as the kernel test configures the loaded ones.</summary>
    private static void Configure()
    {
        DotNetMaps.Reset(typeof(ServiceBalancer));
        Endpoint4 vip = SocketAddresses.Of(Vip);
        Map<HashMap<Endpoint4, Service>>("Services").Update(vip, new Service { First = 0, Count = 2 });
        for (uint i = 0; i < 2; i++)
        {
            Map<ArrayMap<Endpoint4>>("Backends").Update(i, SocketAddresses.Of(Backends[i]));
            Map<HashMap<Endpoint4, Endpoint4>>("ServiceOf").Update(SocketAddresses.Of(Backends[i]), vip);
        }
    }

    private static T Map<T>(string name) =>
        (T)(typeof(ServiceBalancer).GetField(name, BindingFlags.Static | BindingFlags.NonPublic)?.GetValue(null)
            ?? throw new InvalidOperationException($"ServiceBalancer has no map '{name}'."));
}
