namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>A conntrack key: the two ends ordered (lower address, then port, first), as Calico keys them.</summary>
public struct PlCtKey
{
    public uint AddressA;
    public uint AddressB;
    public ushort PortA;
    public ushort PortB;
    public byte Protocol;
    public byte Pad0;
    public ushort Pad1;
}

/// <summary>
/// A conntrack entry. <see cref="Kind"/> 1 is a normal entry (keyed by the post-NAT tuple), 2 a
/// NAT-forward entry (keyed by client ↔ frontend) that names the backend. A normal entry of a NAT'd
/// connection remembers the frontend to put back on replies.
/// </summary>
public struct PlCtEntry
{
    public byte Kind;
    public byte State;
    public byte Flags;
    public byte OpenerIsA;
    public uint Packets;
    public uint Bytes;
    public uint NatAddress;
    public ushort NatPort;
    public ushort Pad;
}

/// <summary>A NAT frontend: address, port (network order) and protocol.</summary>
public struct PlNatKey
{
    public uint Address;
    public ushort Port;
    public byte Protocol;
    public byte Pad;
}

/// <summary>A NAT service: its id and how many backends it has.</summary>
public struct PlService
{
    public uint Id;
    public uint Count;
}

/// <summary>One backend of a service, by ordinal.</summary>
public struct PlBackendKey
{
    public uint Service;
    public uint Ordinal;
}

/// <summary>A backend's address and port (network order).</summary>
public struct PlBackend
{
    public uint Address;
    public ushort Port;
    public ushort Pad;
}

/// <summary>A route: flags (1 = local, no TTL decrement) and the interface it leaves by.</summary>
public struct PlRoute
{
    public uint Flags;
    public uint IfIndex;
}

/// <summary>A policy rule key: the source set, the destination port (network order, 0 = any) and protocol.</summary>
public struct PlRuleKey
{
    public uint Set;
    public ushort Port;
    public byte Protocol;
    public byte Pad;
}

/// <summary>What the parser learns about an IPv4 frame.</summary>
public struct PlPacket
{
    public uint Source;
    public uint Destination;
    public ushort SourcePort;
    public ushort DestinationPort;
    public byte Protocol;
    public byte TcpFlags;
    public byte Ttl;
    public byte UdpChecksummed;
    public uint L4Offset;
    public uint Length;
}

/// <summary>The address translation conntrack asks for: none, destination (1) or source (2).</summary>
public struct PlNatPlan
{
    public uint Address;
    public ushort Port;
    public byte Action;
    public byte Pad;
}

/// <summary>A control frame of <c>TcPipeline</c>: the op and four words whose meaning the op gives.</summary>
public struct PlControl
{
    public byte Op;
    public byte Count;
    public ushort Pad;
    public uint W0;
    public uint W1;
    public uint W2;
    public uint W3;
}
