using System;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Testing;

/// <summary>
/// Runs a <c>[SocketFilter]</c> or <c>[CgroupSkb]</c> method as plain .NET over a frame (SPEC §4),
/// as a kernel test run of those types does: the Ethernet header is taken off, so the packet
/// starts at the network header, and the skb's length, protocol, packet type and interface are
/// those <see cref="TcTestContext"/> documents. Converts implicitly to <see cref="SocketContext"/>
/// and <see cref="SkbContext"/>.
/// </summary>
public sealed unsafe class SkbTestContext : IDisposable
{
    private const int EthernetHeaderLength = 14;
    private byte* _buffer;
    private readonly TcMetadata* _md;

    private SkbTestContext(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < EthernetHeaderLength)
            throw new ArgumentException($"A socket or cgroup skb test packet needs at least {EthernetHeaderLength} bytes (an Ethernet header), but it has {frame.Length}.", nameof(frame));
        ReadOnlySpan<byte> packet = frame[EthernetHeaderLength..];
        _buffer = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(packet.Length, 1));
        packet.CopyTo(new Span<byte>(_buffer, packet.Length));
        _md = TcTestContext.NewMetadata(_buffer, packet.Length, frame);
    }

    /// <summary>A context over a copy of <paramref name="frame"/> without its Ethernet header.</summary>
    /// <exception cref="ArgumentException">The frame is shorter than an Ethernet header.</exception>
    public static SkbTestContext FromFrame(ReadOnlySpan<byte> frame) => new(frame);

    /// <summary>The skb mark (a cgroup skb program may set it).</summary>
    public uint Mark => _md->Mark;

    /// <summary>The context a socket filter takes.</summary>
    public static implicit operator SocketContext(SkbTestContext test) => new(test.Metadata);

    /// <summary>The context a cgroup skb program takes.</summary>
    public static implicit operator SkbContext(SkbTestContext test) => new(test.Metadata);

    private TcMetadata* Metadata
    {
        get
        {
            ObjectDisposedException.ThrowIf(_buffer == null, this);
            return _md;
        }
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
