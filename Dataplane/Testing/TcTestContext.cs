using System;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Testing;

/// <summary>
/// Runs a <c>[Tc]</c> method as plain .NET over a packet (SPEC §4): a native copy of the frame and
/// a <see cref="TcContext"/> whose skb fields are set as a kernel test run sets them (length, and
/// the protocol as <c>eth_type_trans</c> derives it). Converts implicitly to <see cref="TcContext"/>.
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
        _md = (TcMetadata*)NativeMemory.AllocZeroed((nuint)sizeof(TcMetadata));
        _md->Data = _buffer;
        _md->DataMeta = _buffer;
        _md->DataEnd = _buffer + packet.Length;
        _md->Len = (uint)packet.Length;
        _md->Protocol = SkbProtocol(packet);
    }

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

    /// <summary>The interface index the packet is on.</summary>
    public uint IfIndex { get => _md->IfIndex; set => _md->IfIndex = value; }

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

    /// <summary>Frees the native packet.</summary>
    public void Dispose()
    {
        if (_buffer == null) return;
        NativeMemory.Free(_buffer);
        NativeMemory.Free(_md);
        _buffer = null;
    }
}
