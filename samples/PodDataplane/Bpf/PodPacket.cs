namespace PodDataplane;

/// <summary>
/// What the parser learns about an IPv4 frame (addresses and ports in network order). For an ICMP
/// error the tuple is the quoted packet's, and <see cref="RouteDestination"/> the error's own destination.
/// </summary>
public struct PodPacket
{
    public uint Source;
    public uint Destination;
    public uint RouteDestination;
    public ushort SourcePort;
    public ushort DestinationPort;
    public byte Protocol;
    public byte TcpFlags;
    public byte Ttl;
    public byte UdpChecksummed;
    public byte IcmpError;
    public byte Pad0;
    public ushort Pad1;
    /// <summary>Where the IPv4 header starts: 14, or 18 behind one 802.1Q tag.</summary>
    public uint L3Offset;
    public uint L4Offset;
    public uint Length;
}

/// <summary>The address translation conntrack asks for: none, destination (1) or source (2).</summary>
public struct NatPlan
{
    public uint Address;
    public ushort Port;
    public byte Action;
    public byte Pad;
}
