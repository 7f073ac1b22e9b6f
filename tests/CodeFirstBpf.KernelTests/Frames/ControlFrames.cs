using System;
using System.Buffers.Binary;
using static CodeFirstBpf.KernelTests.Frames.Protocols;

namespace CodeFirstBpf.KernelTests.Frames;

/// <summary>
/// Control frames for the large programs (EtherType 0x88B6, IEEE local experimental 2): the
/// corpus's stand-in for a control plane, since every pair starts from empty maps. A frame is a
/// 4-byte head (op, count, two pad bytes) and one record; addresses and ports are in network
/// order, every other integer in the host's (little-endian) order, as the programs read them.
/// The other programs pass or ignore the EtherType.
/// </summary>
internal static class ControlFrames
{
    public const ushort ControlType = 0x88B6;

    public static Packet Control(byte op, byte count, byte[] record) => Ethernet(ControlType, new Packet([op, count, 0, 0], record));

    /// <summary>16 address bytes: an IPv4 address in the first four, an IPv6 address whole.</summary>
    public static byte[] Address16(string address)
    {
        byte[] a = Ip(address);
        var b = new byte[16];
        a.CopyTo(b, 0);
        return b;
    }

    public static byte[] Be16(int value) => [(byte)(value >> 8), (byte)value];

    public static byte[] Le32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return b;
    }

    public static byte[] Concat(params byte[][] parts)
    {
        int length = 0;
        foreach (byte[] p in parts) length += p.Length;
        var all = new byte[length];
        int at = 0;
        foreach (byte[] p in parts)
        {
            p.CopyTo(all, at);
            at += p.Length;
        }
        return all;
    }

    public static byte[] Words(params uint[] values)
    {
        var b = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(i * 4), values[i]);
        return b;
    }
}
