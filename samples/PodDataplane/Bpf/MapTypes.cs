namespace PodDataplane;

/// <summary>A conntrack key: the two ends ordered (lower address, then port, first), as Calico keys them. Addresses and ports in network order.</summary>
public struct ConntrackKey
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
/// connection remembers the frontend to put back on replies (<see cref="Flags"/> bit 1).
/// </summary>
public struct ConntrackEntry
{
    /// <summary><c>bpf_ktime_get_ns</c> of the last packet: what the userspace sweeper expires by.</summary>
    public ulong LastSeenNs;
    public ulong Packets;
    public ulong Bytes;
    /// <summary>The frontend (normal entry of a NAT'd flow) or the backend (NAT-forward entry), network order.</summary>
    public uint NatAddress;
    public ushort NatPort;
    public byte Kind;
    /// <summary>1 SYN sent, 2 SYN-ACK seen, 3 established, 4 FIN seen, 5 closed, 6 open (UDP/ICMP), 7 replied.</summary>
    public byte State;
    /// <summary>1 reverse NAT replies, 2 FIN from the opener, 4 FIN from the replier.</summary>
    public byte Flags;
    public byte OpenerIsA;
    public ushort Pad0;
    public uint Pad1;
}

/// <summary>A NAT frontend (service VIP): address, port (network order) and protocol.</summary>
public struct FrontendKey
{
    public uint Address;
    public ushort Port;
    public byte Protocol;
    public byte Pad;
}

/// <summary>A service: its id and how many backends it has (ordinals 0 … Count − 1).</summary>
public struct ServiceEntry
{
    public uint Id;
    public uint Count;
}

/// <summary>One backend of a service, by ordinal.</summary>
public struct BackendKey
{
    public uint Service;
    public uint Ordinal;
}

/// <summary>A backend's address and port (network order).</summary>
public struct BackendEntry
{
    public uint Address;
    public ushort Port;
    public ushort Pad;
}

/// <summary>
/// A route. <see cref="Flags"/> 1 = a local workload: the packet is redirected out of
/// <see cref="IfIndex"/> with the Ethernet addresses in <see cref="Mac0"/>…<see cref="Mac2"/>
/// (destination MAC then source MAC, 12 bytes as they go on the wire); 2 = hand to the host stack.
/// </summary>
public struct RouteEntry
{
    public uint Flags;
    public uint IfIndex;
    public uint Mac0;
    public uint Mac1;
    public uint Mac2;
}

/// <summary>A policy rule key: the policy, the destination port (network order, 0 = any port) and protocol.</summary>
public struct RuleKey
{
    public uint Policy;
    public ushort Port;
    public byte Protocol;
    public byte Pad;
}

/// <summary>The XDP prefilter's settings (one entry): packets per second allowed per source, 0 = no limit.</summary>
public struct PrefilterSettings
{
    public uint PacketsPerSecond;
    public uint Pad;
}

/// <summary>A source's one-second window for the rate limit.</summary>
public struct RateWindow
{
    public ulong WindowStartNs;
    public ulong Packets;
}

/// <summary>One flow-log record on the ring buffer.</summary>
public struct FlowEvent
{
    public ulong TimeNs;
    public ulong Packets;
    public ulong Bytes;
    public uint Source;
    public uint Destination;
    /// <summary>For a NAT'd new flow: the backend chosen; else 0.</summary>
    public uint NatAddress;
    public ushort SourcePort;
    public ushort DestinationPort;
    public ushort NatPort;
    public byte Protocol;
    /// <summary>1 new flow, 2 denied, 3 closed (FIN both ways), 4 reset.</summary>
    public byte Kind;
    /// <summary>The counter slot (<see cref="Reason"/>) that decided.</summary>
    public uint Reason;
}
