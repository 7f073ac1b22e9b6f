using System.Runtime.InteropServices;

namespace CodeFirstBpf.Net;

/// <summary>
/// ARP for Ethernet and IPv4, 28 bytes. The addresses are byte arrays because the sender's IPv4
/// address sits at offset 14, where a <c>uint</c> field would not be aligned (and C# would pad it).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct ArpHeader
{
    /// <summary>Hardware type, network order (1 = Ethernet).</summary>
    public ushort HardwareType;
    /// <summary>Protocol type, network order (<see cref="EtherType.IPv4"/>).</summary>
    public ushort ProtocolType;
    /// <summary>Hardware address length (6).</summary>
    public byte HardwareLength;
    /// <summary>Protocol address length (4).</summary>
    public byte ProtocolLength;
    /// <summary>Operation, network order (see <see cref="ArpOperation"/>).</summary>
    public ushort Operation;
    /// <summary>Sender MAC.</summary>
    public fixed byte SenderHardwareAddress[6];
    /// <summary>Sender IPv4 address, network order.</summary>
    public fixed byte SenderProtocolAddress[4];
    /// <summary>Target MAC.</summary>
    public fixed byte TargetHardwareAddress[6];
    /// <summary>Target IPv4 address, network order.</summary>
    public fixed byte TargetProtocolAddress[4];
}

/// <summary>ARP operations, host order (compare with <c>ByteOrder.Htons(...)</c>).</summary>
public static class ArpOperation
{
    /// <summary>Request.</summary>
    public const ushort Request = 1;
    /// <summary>Reply.</summary>
    public const ushort Reply = 2;
}

/// <summary>
/// GRE base header, 4 bytes (RFC 2784/2890). The optional checksum (+reserved), key and sequence
/// words follow in that order, each 4 bytes, when their <see cref="GreFlags"/> bit is set.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct GreHeader
{
    /// <summary>Flags (C, K, S bits) and version, network order.</summary>
    public ushort FlagsVersion;
    /// <summary>EtherType of the payload, network order.</summary>
    public ushort Protocol;
}

/// <summary>Bits of <see cref="GreHeader.FlagsVersion"/>, host order.</summary>
public static class GreFlags
{
    /// <summary>A checksum word follows.</summary>
    public const ushort Checksum = 0x8000;
    /// <summary>A key word follows.</summary>
    public const ushort Key = 0x2000;
    /// <summary>A sequence-number word follows.</summary>
    public const ushort Sequence = 0x1000;
    /// <summary>The version bits (0 for GRE, 1 for PPTP's enhanced GRE).</summary>
    public const ushort VersionMask = 0x0007;
}
