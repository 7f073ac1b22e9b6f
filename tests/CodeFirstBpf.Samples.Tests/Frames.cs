using System.Buffers.Binary;
using System.Net;

namespace CodeFirstBpf.Samples.Tests;

/// <summary>Ethernet + IPv4 frames with TCP, UDP or an ICMP error, every checksum right.</summary>
internal static class Frames
{
    public const byte Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10;

    /// <summary>A TCP segment with <paramref name="payload"/> bytes of data.</summary>
    public static byte[] Tcp(string source, int sourcePort, string destination, int destinationPort, byte flags, int payload = 0)
    {
        var l4 = new byte[20 + payload];
        BinaryPrimitives.WriteUInt16BigEndian(l4, (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(2), (ushort)destinationPort);
        l4[12] = 0x50;
        l4[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(14), 512);
        for (int i = 0; i < payload; i++) l4[20 + i] = (byte)i;
        return Ipv4(source, destination, 6, l4, checksumAt: 16);
    }

    /// <summary>A UDP datagram with 8 bytes of data.</summary>
    public static byte[] Udp(string source, int sourcePort, string destination, int destinationPort)
    {
        var l4 = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(l4, (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(2), (ushort)destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(4), (ushort)l4.Length);
        return Ipv4(source, destination, 17, l4, checksumAt: 6);
    }

    /// <summary>ICMP destination unreachable (port) from <paramref name="source"/>, quoting the IP header and 8 bytes of <paramref name="quoted"/>.</summary>
    public static byte[] IcmpUnreachable(string source, string destination, byte[] quoted)
    {
        var l4 = new byte[8 + 28];
        l4[0] = 3;
        l4[1] = 3;
        quoted.AsSpan(14, 28).CopyTo(l4.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(2), Checksum(l4, 0));
        return Ipv4(source, destination, 1, l4, checksumAt: -1);
    }

    private static byte[] Ipv4(string source, string destination, byte protocol, byte[] l4, int checksumAt)
    {
        var p = new byte[34 + l4.Length];
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(12), 0x0800);
        p[14] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(16), (ushort)(20 + l4.Length));
        p[22] = 64;
        p[23] = protocol;
        IPAddress.Parse(source).GetAddressBytes().CopyTo(p, 26);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(p, 30);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(24), Checksum(p.AsSpan(14, 20), 0));
        l4.CopyTo(p, 34);
        if (checksumAt >= 0) BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(34 + checksumAt), Checksum(p.AsSpan(34), PseudoHeader(p)));
        return p;
    }

    /// <summary>The TCP/UDP pseudo-header sum of an Ethernet + IPv4 frame.</summary>
    public static uint PseudoHeader(byte[] p)
    {
        uint sum = 0;
        for (int i = 26; i < 34; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(i));
        return sum + p[23] + (uint)(p.Length - 34);
    }

    /// <summary>The Internet checksum of <paramref name="data"/> on top of <paramref name="sum"/> (0 when the data already holds a right one).</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data, uint sum)
    {
        int i = 0;
        for (; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length) sum += (uint)data[i] << 8;
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
