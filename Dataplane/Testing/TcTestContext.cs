using System;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Testing;

/// <summary>
/// Runs a <c>[Tc]</c> method as plain .NET over a packet, as a unit test would: a native copy of the frame and
/// a <see cref="TcContext"/> whose skb fields are set as a kernel test run sets them: the length;
/// the protocol and packet type as <c>eth_type_trans</c> derives them on the test run's device
/// (loopback: ifindex 1, address and broadcast address 00:00:00:00:00:00); no ingress interface.
/// Converts implicitly to <see cref="TcContext"/>.
/// </summary>
public sealed unsafe class TcTestContext : IDisposable
{
    private byte* _buffer;
    private readonly TcMetadata* _md;
    private readonly int _length;

    private TcTestContext(ReadOnlySpan<byte> packet)
    {
        _length = packet.Length;
        _buffer = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(packet.Length, 1));
        packet.CopyTo(new Span<byte>(_buffer, packet.Length));
        _md = NewMetadata(_buffer, packet.Length, packet);
    }

    /// <summary>
    /// Native skb metadata over <paramref name="length"/> bytes at <paramref name="data"/>, with the
    /// protocol and packet type of <paramref name="frame"/> (the whole frame, Ethernet header included)
    /// and the loopback device, as a kernel test run sets them. Free it with <c>NativeMemory.Free</c>.
    /// </summary>
    internal static TcMetadata* NewMetadata(byte* data, int length, ReadOnlySpan<byte> frame)
    {
        var md = (TcMetadata*)NativeMemory.AllocZeroed((nuint)sizeof(TcMetadata));
        md->Data = data;
        md->DataMeta = data;
        md->DataEnd = data + length;
        md->Len = (uint)length;
        md->Protocol = SkbProtocol(frame);
        md->PacketType = PacketTypeOf(frame);
        md->IfIndex = LoopbackIfIndex;
        return md;
    }

    /// <summary>The loopback device, on which <c>BPF_PROG_TEST_RUN</c> runs an skb program unless told otherwise.</summary>
    public const uint LoopbackIfIndex = 1;

    /// <summary>A context over a copy of <paramref name="packet"/>.</summary>
    public static TcTestContext FromPacket(ReadOnlySpan<byte> packet) => new(packet);

    /// <summary>The context to pass to the program method.</summary>
    public TcContext Context
    {
        get
        {
            ObjectDisposedException.ThrowIf(_buffer == null, this);
            return new TcContext(_md);
        }
    }

    /// <summary>The packet as it is now (after any rewrite by the program).</summary>
    public ReadOnlySpan<byte> Packet => new(_buffer, _length);

    /// <summary>The skb mark (set by the program, or preset by the test).</summary>
    public uint Mark { get => _md->Mark; set => _md->Mark = value; }

    /// <summary>The skb priority.</summary>
    public uint Priority { get => _md->Priority; set => _md->Priority = value; }

    /// <summary>The interface index the packet is on (<see cref="LoopbackIfIndex"/>, as in a kernel test run).</summary>
    public uint IfIndex { get => _md->IfIndex; set => _md->IfIndex = value; }

    /// <summary>The interface the packet arrived on (0 in a kernel test run: it arrived on none).</summary>
    public uint IngressIfIndex { get => _md->IngressIfIndex; set => _md->IngressIfIndex = value; }

    /// <summary><c>skb-&gt;pkt_type</c> (<c>PACKET_HOST</c> 0 … <c>PACKET_OTHERHOST</c> 3).</summary>
    public uint PacketType { get => _md->PacketType; set => _md->PacketType = value; }

    /// <summary>The context, for passing the test context straight to a program method.</summary>
    public static implicit operator TcContext(TcTestContext test) => test.Context;

    /// <summary>
    /// <c>skb-&gt;protocol</c> as <c>eth_type_trans</c> sets it, in network order: the EtherType when it
    /// is one (≥ 0x600), otherwise ETH_P_802_3 (0x0001) for raw 802.3 (payload starts 0xFFFF) or
    /// ETH_P_802_2 (0x0004).
    /// </summary>
    public static uint SkbProtocol(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 14) return 0;
        int type = (frame[12] << 8) | frame[13];
        if (type < 0x600)
            type = frame.Length >= 16 && frame[14] == 0xFF && frame[15] == 0xFF ? 0x0001 : 0x0004;
        return (uint)(((type & 0xFF) << 8) | (type >> 8));
    }

    /// <summary>
    /// <c>skb-&gt;pkt_type</c> as <c>eth_type_trans</c> sets it on the test-run device (measured on
    /// kernel 6.18): <c>PACKET_HOST</c> (0) for the device's own address 00:00:00:00:00:00;
    /// <c>PACKET_MULTICAST</c> (2) for any group address, ff:ff:ff:ff:ff:ff included, since the
    /// device's broadcast address is all zeros, not all ones; <c>PACKET_OTHERHOST</c> (3) otherwise.
    /// </summary>
    public static uint PacketTypeOf(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 6) return 0;
        if (frame[..6].IndexOfAnyExcept((byte)0) < 0) return 0;
        return (frame[0] & 1) != 0 ? 2u : 3u;
    }

    /// <summary>Frees the native packet.</summary>
    public void Dispose()
    {
        if (_buffer == null) return;
        NativeMemory.Free(_buffer);
        NativeMemory.Free(_md);
        _buffer = null;
    }
}
