namespace CodeFirstBpf.Cli.Tests;

/// <summary>IPv4 frames from chosen sources, and a classic pcap file holding them.</summary>
internal static class Frames
{
    public static byte[] Ipv4(uint source, byte protocol, int length)
    {
        var f = new byte[length];
        f[12] = 0x08; f[13] = 0x00;
        f[14] = 0x45; f[23] = protocol;
        BitConverter.GetBytes(source).CopyTo(f, 26); // as the wire has it: the program reads it raw
        f[30] = 10; f[31] = 9; f[32] = 8; f[33] = 7;
        return f;
    }

    public static void WritePcap(string path, IEnumerable<byte[]> frames)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write(0xA1B2C3D4u); w.Write((ushort)2); w.Write((ushort)4); w.Write(0); w.Write(0u); w.Write(65535u); w.Write(1u);
        uint t = 0;
        foreach (var f in frames)
        {
            w.Write(++t); w.Write(0u); w.Write((uint)f.Length); w.Write((uint)f.Length);
            w.Write(f);
        }
    }
}
