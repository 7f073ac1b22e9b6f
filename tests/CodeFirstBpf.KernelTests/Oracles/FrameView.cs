using System;
using CodeFirstBpf.KernelTests.Frames;

namespace CodeFirstBpf.KernelTests.Oracles;

/// <summary>Reads the fields the protocol oracles check out of a frame, through an optional 802.1Q tag.</summary>
internal sealed class FrameView(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;

    public int Length => Bytes.Length;

    public int U16(int offset) => Wire.ReadU16(Bytes, offset);

    public bool Has(int length) => Bytes.Length >= length;

    /// <summary>Offset of the L3 header behind at most one 802.1Q tag, and its EtherType.</summary>
    public (int Offset, int Type) L3
    {
        get
        {
            int type = U16(12);
            return type == Protocols.VlanType && Has(18) ? (18, U16(16)) : (14, type);
        }
    }

    public bool IsIpv4(out int ip) => Is(Protocols.Ipv4Type, 20, out ip);

    public bool IsIpv6(out int ip) => Is(Protocols.Ipv6Type, 40, out ip);

    /// <summary>The IPv4 header length when the whole header is in the frame.</summary>
    public bool Ipv4HeaderLength(int ip, out int ihl)
    {
        ihl = (Bytes[ip] & 0x0F) * 4;
        return ihl >= 20 && Has(ip + ihl);
    }

    public bool Ipv4HeaderChecksumValid(int ip, int ihl) => Wire.Checksum(Bytes.AsSpan(ip, ihl)) == 0;

    /// <summary>Whether the L4 checksum over the pseudo-header verifies (IPv4 or IPv6 addresses at <paramref name="addresses"/>).</summary>
    public bool L4ChecksumValid(int addresses, int addressLength, byte protocol, int l4, int l4Length)
    {
        uint sum = Wire.Sum(Bytes.AsSpan(addresses, 2 * addressLength));
        sum += protocol + (uint)l4Length;
        return Wire.Finish(Wire.Sum(Bytes.AsSpan(l4, l4Length), sum)) == 0;
    }

    private bool Is(int type, int headerLength, out int ip)
    {
        (ip, int t) = L3;
        return t == type && Has(ip + headerLength);
    }
}
