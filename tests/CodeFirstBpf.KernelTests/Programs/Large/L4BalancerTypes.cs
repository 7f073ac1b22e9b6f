namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>A virtual service: destination address (IPv4 in word 0), port (network order, 0 = any port) and protocol.</summary>
public unsafe struct LbVipKey
{
    public fixed uint Address[4];
    public ushort Port;
    public byte Protocol;
    public byte Pad;
}

/// <summary>What a VIP maps to: its flags and its number (the ring and stats slot).</summary>
public struct LbVipMeta
{
    public uint Flags;
    public uint VipNumber;
}

/// <summary>A real server behind the VIPs: its address (IPv4 in word 0) and flags (valid, IPv6).</summary>
public unsafe struct LbReal
{
    public fixed uint Address[4];
    public uint Flags;
}

/// <summary>The 5-tuple of a flow, IPv4 addresses in word 0 (40 bytes, no padding).</summary>
public unsafe struct LbFlowKey
{
    public fixed uint Source[4];
    public fixed uint Destination[4];
    public ushort SourcePort;
    public ushort DestinationPort;
    public byte Protocol;
    public byte Pad0;
    public ushort Pad1;
}

/// <summary>A connection-table entry: the real chosen for the flow and how many packets took it.</summary>
public struct LbConnection
{
    public uint Real;
    public uint Packets;
}

/// <summary>Per-VIP traffic counters (per CPU).</summary>
public struct LbTraffic
{
    public ulong Packets;
    public ulong Bytes;
}

/// <summary>What the parsers learn about a frame.</summary>
public struct LbPacket
{
    public LbFlowKey Flow;
    public uint Length;
    public byte TcpFlags;
    public byte Tos;
    public byte IsIpv6;
    public byte IcmpType;
}

/// <summary>The head of a control frame (EtherType 0x88B6): the operation and a count.</summary>
public struct LbControl
{
    public byte Op;
    public byte Count;
    public ushort Pad;
}

/// <summary>Control op 1: add or replace a VIP.</summary>
public unsafe struct LbVipRecord
{
    public fixed uint Address[4];
    public ushort Port;
    public byte Protocol;
    public byte Flags;
    public uint VipNumber;
}

/// <summary>Control op 2: set a real server.</summary>
public unsafe struct LbRealRecord
{
    public uint Index;
    public fixed uint Address[4];
    public uint Flags;
}

/// <summary>Control op 3: fill up to eight consecutive slots of a VIP's consistent-hash ring.</summary>
public unsafe struct LbRingRecord
{
    public uint VipNumber;
    public uint FirstSlot;
    public fixed uint Reals[8];
}
