using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>ARP for IPv4 over Ethernet, 28 bytes: user-declared packet header with fixed buffers.</summary>
public unsafe struct ArpHeader
{
    public ushort HardwareType;
    public ushort ProtocolType;
    public byte HardwareLength;
    public byte ProtocolLength;
    public ushort Operation;
    public fixed byte SenderMac[6];
    public fixed byte SenderIp[4];
    public fixed byte TargetMac[6];
    public fixed byte TargetIp[4];
}

/// <summary>A MAC address as a map value: a struct that is only a fixed buffer.</summary>
public unsafe struct MacAddress
{
    public fixed byte Bytes[6];
}

/// <summary>
/// Proxy ARP: learns sender IP → MAC into a hash whose value is a fixed-buffer struct, and answers
/// requests for 10.0.0.0/8 with a MAC derived from the target address, rewriting the frame in
/// place (fixed-buffer copies between packet and locals, 32-bit swaps through casted fixed
/// buffers) and returning <see cref="XdpAction.Tx"/>. An inlined helper returns a struct by value.
/// </summary>
public static unsafe partial class ArpResponder
{
    const uint Requests = 0, RepliesSent = 1, Ignored = 2, Malformed = 3;

    static readonly HashMap<uint, MacAddress> Learned = new(maxEntries: 1024);
    static readonly ArrayMap<ulong> ArpStats = new(maxEntries: 4);

    static void Count(uint slot)
    {
        ulong* c = ArpStats.Lookup(slot);
        if (c != null) *c += 1;
    }

    static MacAddress MacFor(byte* ip)
    {
        MacAddress mac = default;
        mac.Bytes[0] = 0x02;
        mac.Bytes[1] = 0x00;
        for (int i = 0; i < 4; i++) mac.Bytes[2 + i] = ip[i];
        return mac;
    }

    [Xdp]
    public static XdpAction ReplyArp(XdpContext ctx)
    {
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end) return XdpAction.Pass;
        if (eth->EtherType != ByteOrder.Htons(EtherType.Arp)) return XdpAction.Pass;

        var arp = (ArpHeader*)(eth + 1);
        if (arp + 1 > end) { Count(Malformed); return XdpAction.Drop; }
        if (arp->HardwareType != ByteOrder.Htons(1) || arp->ProtocolType != ByteOrder.Htons(EtherType.IPv4)
            || arp->HardwareLength != 6 || arp->ProtocolLength != 4)
        {
            Count(Malformed);
            return XdpAction.Drop;
        }

        uint senderIp = *(uint*)arp->SenderIp;
        MacAddress sender = default;
        for (int i = 0; i < 6; i++) sender.Bytes[i] = arp->SenderMac[i];
        Learned.Update(senderIp, sender);

        if (arp->Operation != ByteOrder.Htons(1) || arp->TargetIp[0] != 10)
        {
            Count(Ignored);
            return XdpAction.Pass;
        }
        Count(Requests);

        MacAddress ours = MacFor(arp->TargetIp);
        arp->Operation = ByteOrder.Htons(2);
        for (int i = 0; i < 6; i++)
        {
            arp->TargetMac[i] = arp->SenderMac[i];
            arp->SenderMac[i] = ours.Bytes[i];
            eth->Destination[i] = eth->Source[i];
            eth->Source[i] = ours.Bytes[i];
        }
        uint targetIp = *(uint*)arp->TargetIp;
        *(uint*)arp->TargetIp = senderIp;
        *(uint*)arp->SenderIp = targetIp;
        Count(RepliesSent);
        return XdpAction.Tx;
    }
}
