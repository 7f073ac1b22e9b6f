using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace CodeFirstBpf.Cli.Input;

/// <summary>
/// Frames for <c>cfbpf test-run</c>: every packet of a classic pcap file (microsecond or
/// nanosecond, either byte order, Ethernet link type), or a raw frame file as one packet.
/// </summary>
internal static class Pcap
{
    private const uint Magic = 0xA1B2C3D4, MagicNanoseconds = 0xA1B23C4D, PcapNg = 0x0A0D0D0A, LinkEthernet = 1;

    public static IReadOnlyList<byte[]> ReadFrames(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < 24) return new[] { file };
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(file);
        if (magic == PcapNg) throw new ArgumentException($"{path} is pcapng; save it as classic pcap (e.g. 'editcap -F pcap in.pcapng out.pcap')");
        bool little = magic is Magic or MagicNanoseconds;
        bool big = BinaryPrimitives.ReverseEndianness(magic) is Magic or MagicNanoseconds;
        if (!little && !big) return new[] { file }; // a raw frame
        uint U32(int at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
        uint link = U32(20) & 0xFFFF;
        if (link != LinkEthernet) throw new ArgumentException($"{path} has link type {link}; test-run takes Ethernet frames (link type 1)");
        var frames = new List<byte[]>();
        for (int at = 24; at + 16 <= file.Length;)
        {
            int captured = (int)U32(at + 8);
            if (captured < 0 || at + 16 + captured > file.Length) throw new ArgumentException($"{path} is truncated at packet {frames.Count + 1}");
            frames.Add(file.AsSpan(at + 16, captured).ToArray());
            at += 16 + captured;
        }
        return frames;
    }
}
