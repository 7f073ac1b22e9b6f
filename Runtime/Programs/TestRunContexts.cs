using System;
using System.Net;
using System.Net.Sockets;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// The <c>struct __sk_buff</c> fields a TC test run may start with (the kernel refuses the rest),
/// and, in <see cref="TcTestRunResult.Context"/>, the values the program left in them.
/// </summary>
public readonly record struct TcTestRunContext
{
    /// <summary><c>skb->mark</c>.</summary>
    public uint Mark { get; init; }

    /// <summary><c>skb->priority</c>.</summary>
    public uint Priority { get; init; }

    /// <summary><c>skb->ingress_ifindex</c>.</summary>
    public int IngressInterfaceIndex { get; init; }

    /// <summary><c>skb->ifindex</c>: the packet's device, which must exist (0 or 1 = loopback).</summary>
    public int InterfaceIndex { get; init; }
}

/// <summary>The <c>struct xdp_md</c> fields an XDP test run may start with.</summary>
public readonly record struct XdpTestRunContext
{
    /// <summary><c>ctx->ingress_ifindex</c>: the receiving device, which must exist (0 = none).</summary>
    public int IngressInterfaceIndex { get; init; }

    /// <summary><c>ctx->rx_queue_index</c>: a receive queue of that device.</summary>
    public uint RxQueueIndex { get; init; }
}

/// <summary>
/// The lookup a socket-lookup test run simulates (<c>struct bpf_sk_lookup</c> going in): a packet of
/// <see cref="Protocol"/> from <see cref="RemoteEndPoint"/> to <see cref="LocalEndPoint"/>, looking
/// for a socket. Both end points are of one family, IPv4 or IPv6.
/// </summary>
public readonly record struct SkLookupTestRunContext
{
    /// <summary>Creates the lookup of a <paramref name="protocol"/> packet to <paramref name="localEndPoint"/>, from <paramref name="remoteEndPoint"/> (the family's any address, port 0, when null).</summary>
    public SkLookupTestRunContext(ProtocolType protocol, IPEndPoint localEndPoint, IPEndPoint? remoteEndPoint = null)
    {
        Protocol = protocol;
        LocalEndPoint = localEndPoint;
        RemoteEndPoint = remoteEndPoint;
    }

    /// <summary><c>ctx->protocol</c>: <see cref="ProtocolType.Tcp"/> or <see cref="ProtocolType.Udp"/> in real lookups; the kernel passes any number on.</summary>
    public ProtocolType Protocol { get; init; }

    /// <summary>The packet's destination: <c>local_ip4</c>/<c>local_ip6</c> and <c>local_port</c>; its family is <c>ctx->family</c>.</summary>
    public IPEndPoint LocalEndPoint { get; init; }

    /// <summary>The packet's source: <c>remote_ip4</c>/<c>remote_ip6</c> and <c>remote_port</c>; null is the family's any address, port 0.</summary>
    public IPEndPoint? RemoteEndPoint { get; init; }

    /// <summary>The kernel struct of this lookup.</summary>
    /// <exception cref="ArgumentException">No local end point, a family other than IPv4/IPv6, or end points of two families.</exception>
    internal unsafe BpfSkLookup ToKernel()
    {
        if (LocalEndPoint is null)
            throw new ArgumentException("A socket-lookup test run needs a LocalEndPoint (the packet's destination address and port); set it.", nameof(LocalEndPoint));
        AddressFamily family = LocalEndPoint.AddressFamily;
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new ArgumentException($"A socket lookup is for IPv4 or IPv6, but LocalEndPoint is {family}; give an IPv4 or IPv6 end point.", nameof(LocalEndPoint));
        IPEndPoint remote = RemoteEndPoint ?? new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        if (remote.AddressFamily != family)
            throw new ArgumentException($"RemoteEndPoint is {remote.AddressFamily} but LocalEndPoint is {family}; give both end points in one family.", nameof(RemoteEndPoint));
        var k = new BpfSkLookup
        {
            Family = (uint)(family == AddressFamily.InterNetwork ? 2 : 10),
            Protocol = (uint)Protocol,
            RemotePort = (ushort)IPAddress.HostToNetworkOrder((short)remote.Port),
            LocalPort = (uint)LocalEndPoint.Port,
        };
        if (family == AddressFamily.InterNetwork)
        {
            k.RemoteIp4 = BitConverter.ToUInt32(remote.Address.GetAddressBytes());
            k.LocalIp4 = BitConverter.ToUInt32(LocalEndPoint.Address.GetAddressBytes());
        }
        else
        {
            remote.Address.GetAddressBytes().CopyTo(new Span<byte>(k.RemoteIp6, 16));
            LocalEndPoint.Address.GetAddressBytes().CopyTo(new Span<byte>(k.LocalIp6, 16));
        }
        return k;
    }
}
