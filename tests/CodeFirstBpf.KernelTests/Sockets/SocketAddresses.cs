using System;
using System.Buffers.Binary;
using System.Net;
using ServiceBalancerSample;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary>Addresses as the kernel's socket contexts hold them: in network byte order, in the low bytes of 32-bit words.</summary>
public static class SocketAddresses
{
    /// <summary>The IPv4 address's four bytes as they lie in memory (network order), read as a host <c>uint</c>.</summary>
    public static uint Ip(IPAddress address) => BitConverter.ToUInt32(address.GetAddressBytes());

    /// <summary><c>htons(port)</c> in a 32-bit word, as <c>user_port</c> holds it.</summary>
    public static uint Port(int port) => BinaryPrimitives.ReverseEndianness((ushort)port);

    /// <summary>An endpoint as the load balancer's maps key it.</summary>
    public static Endpoint4 Of(IPEndPoint endpoint) => new() { Ip = Ip(endpoint.Address), Port = Port(endpoint.Port) };
}
