using System.Runtime.InteropServices;

namespace CodeFirstBpf;

/// <summary>The .NET stand-in for <c>struct __sk_buff</c>, with real pointers.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct TcMetadata
{
    /// <summary>First byte of the packet.</summary>
    public byte* Data;
    /// <summary>One past the last byte.</summary>
    public byte* DataEnd;
    /// <summary>Metadata area start.</summary>
    public byte* DataMeta;
    /// <summary>Packet length.</summary>
    public uint Len;
    /// <summary>Packet type.</summary>
    public uint PacketType;
    /// <summary>Protocol, network order.</summary>
    public uint Protocol;
    /// <summary>Mark.</summary>
    public uint Mark;
    /// <summary>Queue mapping.</summary>
    public uint QueueMapping;
    /// <summary>VLAN present.</summary>
    public uint VlanPresent;
    /// <summary>VLAN TCI.</summary>
    public uint VlanTci;
    /// <summary>VLAN protocol.</summary>
    public uint VlanProto;
    /// <summary>Priority.</summary>
    public uint Priority;
    /// <summary>Ingress interface.</summary>
    public uint IngressIfIndex;
    /// <summary>Current interface.</summary>
    public uint IfIndex;
    /// <summary>TC index.</summary>
    public uint TcIndex;
    /// <summary>Control block.</summary>
    public fixed uint Cb[5];
    /// <summary>Hash.</summary>
    public uint Hash;
    /// <summary>TC class id.</summary>
    public uint TcClassId;
}
