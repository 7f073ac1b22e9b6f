using System;
using System.Linq;
using System.Net;

namespace CodeFirstBpf.KernelTests.Frames;

/// <summary>The addresses and protocol an L4 checksum covers (the IPv4 or IPv6 pseudo-header).</summary>
public sealed record PseudoHeader(byte[] Source, byte[] Destination, byte Protocol)
{
    internal uint Sum(int l4Length)
    {
        uint sum = Wire.Sum(Source);
        sum = Wire.Sum(Destination, sum);
        return sum + Protocol + (uint)l4Length;
    }
}

/// <summary>One IPv6 extension header: its type and its bytes after the next-header byte.</summary>
public sealed record ExtensionHeader(byte Type, byte[] Body);

/// <summary>
/// Builders for the frames of the corpus, each with correct lengths and checksums; callers
/// corrupt them on purpose afterwards. Addresses are given as text.
/// </summary>
public static class Protocols
{
    public const ushort Ipv4Type = 0x0800, ArpType = 0x0806, Ipv6Type = 0x86DD, VlanType = 0x8100, QinQType = 0x88A8;
    public const byte Icmp = 1, Tcp = 6, Udp = 17, Icmpv6 = 58;
    public const byte HopByHopType = 0, RoutingType = 43, FragmentType = 44, NoNextHeader = 59, DestOptionsType = 60;
    public const byte Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10;

    public static readonly byte[] MacA = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0A];
    public static readonly byte[] MacB = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0B];
    public static readonly byte[] Broadcast = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    public static byte[] Ip(string address) => IPAddress.Parse(address).GetAddressBytes();

    /// <summary>An Ethernet frame, optionally with VLAN tags (TPID, TCI), outermost first.</summary>
    public static Packet Ethernet(ushort etherType, Packet inner, params (ushort Tpid, int Tci)[] tags)
        => EthernetTo(MacA, MacB, etherType, inner, tags);

    /// <summary>An Ethernet frame with explicit MAC addresses.</summary>
    public static Packet EthernetTo(byte[] destination, byte[] source, ushort etherType, Packet inner, params (ushort Tpid, int Tci)[] tags)
    {
        // Layers follow the parsers' headers: 14 bytes up to the first type, then 4 per tag.
        var layers = new byte[tags.Length + 1][];
        ushort firstType = tags.Length > 0 ? tags[0].Tpid : etherType;
        layers[0] = [.. destination, .. source, (byte)(firstType >> 8), (byte)firstType];
        for (int i = 0; i < tags.Length; i++)
        {
            ushort next = i + 1 < tags.Length ? tags[i + 1].Tpid : etherType;
            layers[i + 1] = [(byte)(tags[i].Tci >> 8), (byte)tags[i].Tci, (byte)(next >> 8), (byte)next];
        }
        return inner.Wrap(layers);
    }

    /// <summary>
    /// An IPv4 packet. <paramref name="options"/> are padded with EOL to a multiple of 4 bytes;
    /// <paramref name="ihl"/> and <paramref name="totalLength"/> override the computed fields (the
    /// checksum still covers what is written).
    /// </summary>
    public static Packet Ipv4(string source, string destination, byte protocol, Packet l4, byte ttl = 64, byte tos = 0,
        byte[]? options = null, ushort id = 0x1234, ushort flagsAndOffset = 0x4000, int? ihl = null, int? totalLength = null)
    {
        byte[] opts = options ?? [];
        if (opts.Length % 4 != 0) opts = [.. opts, .. new byte[4 - opts.Length % 4]];
        var header = new byte[20];
        header[0] = (byte)(0x40 | (ihl ?? (20 + opts.Length) / 4));
        header[1] = tos;
        Wire.U16(header, 2, totalLength ?? 20 + opts.Length + l4.Length);
        Wire.U16(header, 4, id);
        Wire.U16(header, 6, flagsAndOffset);
        header[8] = ttl;
        header[9] = protocol;
        Ip(source).CopyTo(header, 12);
        Ip(destination).CopyTo(header, 16);
        Wire.U16(header, 10, Wire.Finish(Wire.Sum(opts, Wire.Sum(header))));
        return l4.Wrap(header, opts);
    }

    /// <summary>An IPv6 packet whose extension headers chain to <paramref name="protocol"/>.</summary>
    public static Packet Ipv6(string source, string destination, byte protocol, Packet inner, byte hopLimit = 64,
        params ExtensionHeader[] extensions)
    {
        var layers = new byte[extensions.Length + 1][];
        for (int i = 0; i < extensions.Length; i++)
        {
            byte next = i + 1 < extensions.Length ? extensions[i + 1].Type : protocol;
            layers[i + 1] = [next, .. extensions[i].Body];
        }
        int payloadLength = layers.Skip(1).Sum(l => l.Length) + inner.Length;
        var header = new byte[40];
        header[0] = 0x60;
        header[2] = 0x12;
        header[3] = 0x34;
        Wire.U16(header, 4, payloadLength);
        header[6] = extensions.Length > 0 ? extensions[0].Type : protocol;
        header[7] = hopLimit;
        Ip(source).CopyTo(header, 8);
        Ip(destination).CopyTo(header, 24);
        layers[0] = header;
        return inner.Wrap(layers);
    }

    /// <summary>Hop-by-hop options: 8 × (<paramref name="lengthUnits"/> + 1) bytes of PadN.</summary>
    public static ExtensionHeader HopByHop(int lengthUnits = 0) => new(HopByHopType, Options(lengthUnits));

    /// <summary>Destination options: 8 × (<paramref name="lengthUnits"/> + 1) bytes of PadN.</summary>
    public static ExtensionHeader DestinationOptions(int lengthUnits = 0) => new(DestOptionsType, Options(lengthUnits));

    /// <summary>A routing header of <paramref name="routingType"/> carrying <paramref name="lengthUnits"/> / 2 addresses.</summary>
    public static ExtensionHeader Routing(byte routingType, byte segmentsLeft, int lengthUnits = 2)
    {
        var body = new byte[8 * (lengthUnits + 1) - 1];
        body[0] = (byte)lengthUnits;
        body[1] = routingType;
        body[2] = segmentsLeft;
        for (int i = 7; i < body.Length; i++) body[i] = (byte)(0x20 + i);
        return new(RoutingType, body);
    }

    /// <summary>A fragment header; the offset is in 8-byte units.</summary>
    public static ExtensionHeader Fragment(int offsetUnits, bool more, uint id = 0xCAFE)
    {
        var body = new byte[7];
        Wire.U16(body, 1, (offsetUnits << 3) | (more ? 1 : 0));
        Wire.U32(body, 3, id);
        return new(FragmentType, body);
    }

    private static byte[] Options(int lengthUnits)
    {
        var body = new byte[8 * (lengthUnits + 1) - 1];
        body[0] = (byte)lengthUnits;
        body[1] = 1; // PadN covering the rest
        body[2] = (byte)(body.Length - 3);
        return body;
    }

    /// <summary>A TCP segment (20-byte header) with a correct checksum.</summary>
    public static Packet TcpSegment(PseudoHeader ph, ushort sourcePort, ushort destinationPort, byte flags, byte[]? payload = null, uint sequence = 1000)
    {
        byte[] data = payload ?? [];
        var header = new byte[20];
        Wire.U16(header, 0, sourcePort);
        Wire.U16(header, 2, destinationPort);
        Wire.U32(header, 4, sequence);
        Wire.U32(header, 8, (flags & Ack) != 0 ? 7777u : 0u);
        header[12] = 5 << 4;
        header[13] = flags;
        Wire.U16(header, 14, 64240);
        Wire.U16(header, 16, Wire.Finish(Wire.Sum(data, Wire.Sum(header, ph.Sum(20 + data.Length)))));
        return new Packet(header, data);
    }

    /// <summary>A UDP datagram; without <paramref name="checksum"/> its checksum field is 0 ("none").</summary>
    public static Packet UdpDatagram(PseudoHeader ph, ushort sourcePort, ushort destinationPort, byte[]? payload = null, bool checksum = true)
    {
        byte[] data = payload ?? [];
        var header = new byte[8];
        Wire.U16(header, 0, sourcePort);
        Wire.U16(header, 2, destinationPort);
        Wire.U16(header, 4, 8 + data.Length);
        if (checksum)
        {
            ushort c = Wire.Finish(Wire.Sum(data, Wire.Sum(header, ph.Sum(8 + data.Length))));
            Wire.U16(header, 6, c == 0 ? 0xFFFF : c);
        }
        return new Packet(header, data);
    }

    /// <summary>An ICMP message (checksum over the message only).</summary>
    public static Packet IcmpMessage(byte type, byte code, uint rest, byte[]? payload = null)
    {
        byte[] data = payload ?? [];
        var header = new byte[8];
        header[0] = type;
        header[1] = code;
        Wire.U32(header, 4, rest);
        Wire.U16(header, 2, Wire.Finish(Wire.Sum(data, Wire.Sum(header))));
        return new Packet(header, data);
    }

    /// <summary>An ICMPv6 message (checksum over the pseudo-header too).</summary>
    public static Packet Icmpv6Message(PseudoHeader ph, byte type, byte code, uint rest, byte[]? payload = null)
    {
        byte[] data = payload ?? [];
        var header = new byte[8];
        header[0] = type;
        header[1] = code;
        Wire.U32(header, 4, rest);
        Wire.U16(header, 2, Wire.Finish(Wire.Sum(data, Wire.Sum(header, ph.Sum(8 + data.Length)))));
        return new Packet(header, data);
    }

    /// <summary>An ARP message (IPv4 over Ethernet unless the type/length fields say otherwise).</summary>
    public static Packet Arp(ushort operation, byte[] senderMac, string senderIp, byte[] targetMac, string targetIp,
        ushort hardwareType = 1, ushort protocolType = Ipv4Type, byte hardwareLength = 6, byte protocolLength = 4)
    {
        var fixedPart = new byte[8];
        Wire.U16(fixedPart, 0, hardwareType);
        Wire.U16(fixedPart, 2, protocolType);
        fixedPart[4] = hardwareLength;
        fixedPart[5] = protocolLength;
        Wire.U16(fixedPart, 6, operation);
        byte[] addresses = [.. senderMac, .. Ip(senderIp), .. targetMac, .. Ip(targetIp)];
        return new Packet(fixedPart, addresses);
    }

    /// <summary>Opaque bytes as one layer.</summary>
    public static Packet Raw(byte[] bytes) => new(bytes);

    /// <summary>The bytes 0, 1, 2, … as a recognisable payload.</summary>
    public static byte[] Counting(int length) => Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
}
