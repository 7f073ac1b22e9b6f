using System.Runtime.InteropServices;

namespace CodeFirstBpf.Net;

/// <summary>ICMPv6 header, 8 bytes (type, code, checksum and the first word of the message body).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Icmpv6Header
{
    /// <summary>Type (see <see cref="Icmpv6Type"/>).</summary>
    public byte Type;
    /// <summary>Code.</summary>
    public byte Code;
    /// <summary>Checksum, network order (covers the IPv6 pseudo-header).</summary>
    public ushort Checksum;
    /// <summary>First word of the body: identifier and sequence for echo, MTU for packet-too-big, network order.</summary>
    public uint Rest;
}

/// <summary>
/// IPv6 hop-by-hop, destination-options or routing extension header: the two bytes every one of
/// them starts with. The whole header is <c>(Length + 1) * 8</c> bytes; the next one starts there.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct Ipv6OptionsHeader
{
    /// <summary>Next header (see <see cref="IpProtocol"/> and <see cref="Ipv6Ext"/>).</summary>
    public byte NextHeader;
    /// <summary>Header length in 8-byte units, not counting the first 8 bytes.</summary>
    public byte Length;
}

/// <summary>IPv6 fragment extension header, 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Ipv6FragmentHeader
{
    /// <summary>Next header.</summary>
    public byte NextHeader;
    /// <summary>Reserved, zero.</summary>
    public byte Reserved;
    /// <summary>Fragment offset (high 13 bits, in 8-byte units) and the more-fragments flag (bit 0), network order.</summary>
    public ushort FragmentOffset;
    /// <summary>Identification, network order.</summary>
    public uint Identification;
}

/// <summary>IPv6 extension header numbers (the <c>NextHeader</c> values that are not an upper-layer protocol); those <see cref="IpProtocol"/> also names are its constants.</summary>
public static class Ipv6Ext
{
    /// <summary>Hop-by-hop options (<see cref="Ipv6OptionsHeader"/>).</summary>
    public const byte HopByHop = IpProtocol.HopByHop;
    /// <summary>Routing header (<see cref="Ipv6OptionsHeader"/>).</summary>
    public const byte Routing = IpProtocol.Routing;
    /// <summary>Fragment header (<see cref="Ipv6FragmentHeader"/>).</summary>
    public const byte Fragment = IpProtocol.Fragment;
    /// <summary>Encapsulating security payload.</summary>
    public const byte Esp = 50;
    /// <summary>Authentication header (its length is in 4-byte units, minus 2).</summary>
    public const byte Authentication = 51;
    /// <summary>No next header.</summary>
    public const byte NoNextHeader = IpProtocol.NoNextHeader;
    /// <summary>Destination options (<see cref="Ipv6OptionsHeader"/>).</summary>
    public const byte DestinationOptions = IpProtocol.DestinationOptions;
    /// <summary>Mobility header.</summary>
    public const byte Mobility = 135;
    /// <summary>The more-fragments bit of <see cref="Ipv6FragmentHeader.FragmentOffset"/>, host order.</summary>
    public const ushort MoreFragments = 0x0001;
    /// <summary>The offset bits of <see cref="Ipv6FragmentHeader.FragmentOffset"/>, host order.</summary>
    public const ushort OffsetMask = 0xFFF8;
}

/// <summary>ICMPv6 message types.</summary>
public static class Icmpv6Type
{
    /// <summary>Destination unreachable.</summary>
    public const byte DestinationUnreachable = 1;
    /// <summary>Packet too big.</summary>
    public const byte PacketTooBig = 2;
    /// <summary>Time exceeded.</summary>
    public const byte TimeExceeded = 3;
    /// <summary>Parameter problem.</summary>
    public const byte ParameterProblem = 4;
    /// <summary>Echo request.</summary>
    public const byte EchoRequest = 128;
    /// <summary>Echo reply.</summary>
    public const byte EchoReply = 129;
    /// <summary>Router solicitation.</summary>
    public const byte RouterSolicitation = 133;
    /// <summary>Router advertisement.</summary>
    public const byte RouterAdvertisement = 134;
    /// <summary>Neighbor solicitation.</summary>
    public const byte NeighborSolicitation = 135;
    /// <summary>Neighbor advertisement.</summary>
    public const byte NeighborAdvertisement = 136;
}
