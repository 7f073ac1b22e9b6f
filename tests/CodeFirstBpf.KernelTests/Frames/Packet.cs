using System;
using System.Collections.Generic;
using System.Linq;

namespace CodeFirstBpf.KernelTests.Frames;

/// <summary>
/// A frame under construction: its layers, outermost first. Where one layer ends is a header
/// boundary, and the corpus truncates frames there (and one byte either side).
/// </summary>
public sealed class Packet
{
    private readonly byte[][] _layers;

    /// <summary>Creates a packet from its layers, outermost first.</summary>
    public Packet(params byte[][] layers) => _layers = layers;

    /// <summary>The total length in bytes.</summary>
    public int Length => _layers.Sum(l => l.Length);

    /// <summary>The end offset of every non-empty layer, ascending.</summary>
    public IReadOnlyList<int> Boundaries
    {
        get
        {
            var ends = new List<int>();
            int offset = 0;
            foreach (byte[] layer in _layers)
            {
                if (layer.Length == 0) continue;
                offset += layer.Length;
                ends.Add(offset);
            }
            return ends;
        }
    }

    /// <summary>This packet inside the outer <paramref name="headers"/> (outermost first).</summary>
    public Packet Wrap(params byte[][] headers) => new([.. headers, .. _layers]);

    /// <summary>This packet followed by <paramref name="trailers"/> (e.g. Ethernet padding).</summary>
    public Packet Append(params byte[][] trailers) => new([.. _layers, .. trailers]);

    /// <summary>A copy with the byte at <paramref name="offset"/> replaced, layers kept.</summary>
    public Packet Patch(int offset, byte value)
    {
        byte[][] copy = _layers.Select(l => (byte[])l.Clone()).ToArray();
        foreach (byte[] layer in copy)
        {
            if (offset < layer.Length)
            {
                layer[offset] = value;
                return new Packet(copy);
            }
            offset -= layer.Length;
        }
        throw new ArgumentOutOfRangeException(nameof(offset));
    }

    /// <summary>The byte at <paramref name="offset"/>.</summary>
    public byte this[int offset] => ToArray()[offset];

    /// <summary>The packet's bytes.</summary>
    public byte[] ToArray() => _layers.SelectMany(l => l).ToArray();
}

/// <summary>Big-endian writes and the Internet checksum.</summary>
internal static class Wire
{
    public static void U16(byte[] b, int offset, int value)
    {
        b[offset] = (byte)(value >> 8);
        b[offset + 1] = (byte)value;
    }

    public static void U32(byte[] b, int offset, uint value)
    {
        U16(b, offset, (int)(value >> 16));
        U16(b, offset + 2, (int)(value & 0xFFFF));
    }

    public static int ReadU16(byte[] b, int offset) => (b[offset] << 8) | b[offset + 1];

    /// <summary>The one's-complement sum of <paramref name="data"/> as 16-bit big-endian words, unfolded.</summary>
    public static uint Sum(ReadOnlySpan<byte> data, uint sum = 0)
    {
        for (int i = 0; i + 1 < data.Length; i += 2) sum += (uint)((data[i] << 8) | data[i + 1]);
        if ((data.Length & 1) != 0) sum += (uint)(data[^1] << 8);
        return sum;
    }

    /// <summary>The Internet checksum (RFC 1071) of a sum.</summary>
    public static ushort Finish(uint sum)
    {
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    public static ushort Checksum(ReadOnlySpan<byte> data) => Finish(Sum(data));
}
