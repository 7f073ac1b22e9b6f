using System;
using System.Buffers.Binary;

namespace CodeFirstBpf.Runtime.Tests.Infrastructure;

/// <summary>Hand-built frames for test runs.</summary>
internal static class Packets
{
    internal static readonly byte[] DestinationMac = [0x02, 0, 0, 0, 0, 0xdd];
    internal static readonly byte[] SourceMac = [0x02, 0, 0, 0, 0, 0x55];

    /// <summary>Ethernet + IPv4 (TTL 64) + 8 payload bytes.</summary>
    internal static byte[] Ipv4(byte protocol)
    {
        byte[] frame = new byte[14 + 20 + 8];
        DestinationMac.CopyTo(frame, 0);
        SourceMac.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        Span<byte> ip = frame.AsSpan(14);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 28);
        ip[8] = 64;
        ip[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], 0x0a000001);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], 0x0a000002);
        return frame;
    }

    /// <summary>An ARP-typed frame (anything that is not IPv4).</summary>
    internal static byte[] Arp()
    {
        byte[] frame = new byte[60];
        DestinationMac.CopyTo(frame, 0);
        SourceMac.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0806);
        return frame;
    }
}
