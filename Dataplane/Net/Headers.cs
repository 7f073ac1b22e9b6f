using System.Runtime.InteropServices;

namespace CodeFirstBpf.Net;

/// <summary>Ethernet II header, 14 bytes; multi-byte fields in network order.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct EthernetHeader
{
    /// <summary>Destination MAC.</summary>
    public fixed byte Destination[6];
    /// <summary>Source MAC.</summary>
    public fixed byte Source[6];
    /// <summary>EtherType, network order.</summary>
    public ushort EtherType;
}

/// <summary>802.1Q tag after the MAC addresses, 4 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct VlanHeader
{
    /// <summary>Tag control information, network order.</summary>
    public ushort Tci;
    /// <summary>EtherType of the encapsulated frame, network order.</summary>
    public ushort EncapsulatedProtocol;
}

/// <summary>IPv4 header without options, 20 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct IPv4Header
{
    /// <summary>Version (high nibble) and IHL (low nibble, in 32-bit words).</summary>
    public byte VersionIhl;
    /// <summary>Type of service / DSCP+ECN.</summary>
    public byte Tos;
    /// <summary>Total length, network order.</summary>
    public ushort TotalLength;
    /// <summary>Identification, network order.</summary>
    public ushort Id;
    /// <summary>Flags and fragment offset, network order.</summary>
    public ushort FragmentOffset;
    /// <summary>Time to live.</summary>
    public byte Ttl;
    /// <summary>Protocol (see <see cref="IpProtocol"/>).</summary>
    public byte Protocol;
    /// <summary>Header checksum.</summary>
    public ushort Checksum;
    /// <summary>Source address, network order.</summary>
    public uint SourceAddress;
    /// <summary>Destination address, network order.</summary>
    public uint DestinationAddress;

    /// <summary>Header length in bytes: IHL × 4.</summary>
    public readonly int HeaderLength => (VersionIhl & 0x0F) * 4;
}

/// <summary>IPv6 fixed header, 40 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct IPv6Header
{
    /// <summary>Version, traffic class and flow label, network order.</summary>
    public uint VersionClassFlow;
    /// <summary>Payload length, network order.</summary>
    public ushort PayloadLength;
    /// <summary>Next header (see <see cref="IpProtocol"/>).</summary>
    public byte NextHeader;
    /// <summary>Hop limit.</summary>
    public byte HopLimit;
    /// <summary>Source address.</summary>
    public fixed byte SourceAddress[16];
    /// <summary>Destination address.</summary>
    public fixed byte DestinationAddress[16];
}

/// <summary>TCP header without options, 20 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TcpHeader
{
    /// <summary>Source port, network order.</summary>
    public ushort SourcePort;
    /// <summary>Destination port, network order.</summary>
    public ushort DestinationPort;
    /// <summary>Sequence number, network order.</summary>
    public uint Sequence;
    /// <summary>Acknowledgment number, network order.</summary>
    public uint Acknowledgment;
    /// <summary>Data offset (high nibble, 32-bit words).</summary>
    public byte DataOffset;
    /// <summary>Flags (FIN=1, SYN=2, RST=4, PSH=8, ACK=16, URG=32).</summary>
    public byte Flags;
    /// <summary>Window, network order.</summary>
    public ushort Window;
    /// <summary>Checksum.</summary>
    public ushort Checksum;
    /// <summary>Urgent pointer.</summary>
    public ushort UrgentPointer;
}

/// <summary>UDP header, 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct UdpHeader
{
    /// <summary>Source port, network order.</summary>
    public ushort SourcePort;
    /// <summary>Destination port, network order.</summary>
    public ushort DestinationPort;
    /// <summary>Length, network order.</summary>
    public ushort Length;
    /// <summary>Checksum.</summary>
    public ushort Checksum;
}

/// <summary>ICMP header, 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct IcmpHeader
{
    /// <summary>Type.</summary>
    public byte Type;
    /// <summary>Code.</summary>
    public byte Code;
    /// <summary>Checksum.</summary>
    public ushort Checksum;
    /// <summary>Rest of header (id and sequence for echo).</summary>
    public uint Rest;
}
