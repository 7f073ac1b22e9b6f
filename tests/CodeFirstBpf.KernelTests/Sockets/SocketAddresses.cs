using System;
using System.Buffers.Binary;
using System.Net;
using CodeFirstBpf.KernelTests.Frames;
using ServiceBalancerSample;
using static CodeFirstBpf.KernelTests.Frames.Protocols;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary>Addresses and frames for the socket tests: addresses as the kernel's socket contexts hold them: in network byte order, in the low bytes of 32-bit words.</summary>
public static class SocketAddresses
{
    /// <summary>The IPv4 address's four bytes as they lie in memory (network order), read as a host <c>uint</c>.</summary>
    public static uint Ip(IPAddress address) => BitConverter.ToUInt32(address.GetAddressBytes());

    /// <summary><c>htons(port)</c> in a 32-bit word, as <c>user_port</c> holds it.</summary>
    public static uint Port(int port) => BinaryPrimitives.ReverseEndianness((ushort)port);

    /// <summary>An endpoint as the load balancer's maps key it.</summary>
    public static Endpoint4 Of(IPEndPoint endpoint) => new() { Ip = Ip(endpoint.Address), Port = Port(endpoint.Port) };

    /// <summary>An Ethernet frame of a 12-byte UDP datagram from 10.0.0.1:40000 to 10.0.0.2:<paramref name="port"/>, for test runs.</summary>
    public static byte[] UdpFrame(ushort port) =>
        Ethernet(Ipv4Type, Ipv4("10.0.0.1", "10.0.0.2", Udp, UdpDatagram(new PseudoHeader(Protocols.Ip("10.0.0.1"), Protocols.Ip("10.0.0.2"), Udp), 40000, port, Counting(12)))).ToArray();
}
