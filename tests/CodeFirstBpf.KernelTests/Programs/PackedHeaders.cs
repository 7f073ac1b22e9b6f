using System.Runtime.InteropServices;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>ARP for IPv4 as a packed header (28 bytes): the addresses are <c>uint</c> fields at odd offsets 14 and 24.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public unsafe struct PackedArp
{
    public ushort HardwareType;
    public ushort ProtocolType;
    public byte HardwareLength;
    public byte ProtocolLength;
    public ushort Operation;
    public fixed byte SenderMac[6];
    public uint SenderIp;
    public fixed byte TargetMac[6];
    public uint TargetIp;
}

/// <summary>A packed 7-byte key: no padding at all.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct PackedKey
{
    public byte Operation;
    public uint Address;
    public ushort Hardware;
}

/// <summary>
/// <c>[StructLayout(Pack = 1)]</c> structs, the usual way to describe a wire header whose fields
/// are not naturally aligned: read through a packet pointer, copied to a local, modified there,
/// used as a 7-byte hash key, and written back into the frame.
/// </summary>
public static unsafe partial class PackedHeaders
{
    static readonly HashMap<PackedKey, ulong> ByAddress = new(maxEntries: 1024);
    static readonly ArrayMap<uint> Sizes = new(maxEntries: 2);

    [Xdp]
    public static XdpAction ReadPacked(XdpContext ctx)
    {
        uint* s = Sizes.Lookup(0);
        if (s != null) *s = (uint)sizeof(PackedArp);
        s = Sizes.Lookup(1);
        if (s != null) *s = (uint)sizeof(PackedKey);

        var eth = (EthernetHeader*)ctx.Data;
        var arp = (PackedArp*)(eth + 1);
        if (arp + 1 > ctx.DataEnd) return XdpAction.Pass;

        PackedArp copy = *arp;
        var key = new PackedKey
        {
            Operation = (byte)ByteOrder.Ntohs(copy.Operation),
            Address = copy.SenderIp ^ arp->TargetIp,
            Hardware = copy.HardwareType,
        };
        ulong* n = ByAddress.Lookup(key);
        if (n != null) (*n)++;
        else ByAddress.Update(key, 1);

        copy.TargetIp = copy.SenderIp + 1;
        copy.Operation = (ushort)(copy.Operation ^ 0x0300);
        *arp = copy;
        return key.Operation == 1 ? XdpAction.Tx : XdpAction.Pass;
    }
}
