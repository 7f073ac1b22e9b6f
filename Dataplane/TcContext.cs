using System.Runtime.InteropServices;

namespace CodeFirstBpf;

/// <summary>
/// The context of a TC program, over the kernel's <c>struct __sk_buff</c>.
/// In BPF code every property is a context access; in .NET it reads a <see cref="TcMetadata"/>.
/// </summary>
public readonly unsafe struct TcContext
{
    private readonly TcMetadata* _md;

    /// <summary>Wraps managed-side metadata, for running a program as .NET code.</summary>
    public TcContext(TcMetadata* metadata) => _md = metadata;

    /// <summary>First byte of the linear packet data.</summary>
    public byte* Data => _md->Data;
    /// <summary>One past the last byte of the linear packet data.</summary>
    public byte* DataEnd => _md->DataEnd;
    /// <summary>Start of the metadata area.</summary>
    public byte* DataMeta => _md->DataMeta;
    /// <summary>Packet length.</summary>
    public uint Len => _md->Len;
    /// <summary>Packet type (<c>PACKET_HOST</c>, …).</summary>
    public uint PacketType => _md->PacketType;
    /// <summary>Link-layer protocol, network byte order in the low 16 bits.</summary>
    public uint Protocol => _md->Protocol;
    /// <summary>Packet mark (settable).</summary>
    public uint Mark { get => _md->Mark; set => _md->Mark = value; }
    /// <summary>Queue mapping.</summary>
    public uint QueueMapping => _md->QueueMapping;
    /// <summary>Non-zero when a VLAN tag is present.</summary>
    public uint VlanPresent => _md->VlanPresent;
    /// <summary>VLAN TCI (host order).</summary>
    public uint VlanTci => _md->VlanTci;
    /// <summary>VLAN protocol.</summary>
    public uint VlanProto => _md->VlanProto;
    /// <summary>Packet priority (settable).</summary>
    public uint Priority { get => _md->Priority; set => _md->Priority = value; }
    /// <summary>Interface the packet arrived on.</summary>
    public uint IngressIfIndex => _md->IngressIfIndex;
    /// <summary>Interface the packet is on now.</summary>
    public uint IfIndex => _md->IfIndex;
    /// <summary>Traffic-control index.</summary>
    public uint TcIndex => _md->TcIndex;
    /// <summary>The five 32-bit control-block words, readable and writable.</summary>
    public uint* Cb => _md->Cb;
    /// <summary>Packet hash.</summary>
    public uint Hash => _md->Hash;
    /// <summary>Traffic-control class id (settable).</summary>
    public uint TcClassId { get => _md->TcClassId; set => _md->TcClassId = value; }
}

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
