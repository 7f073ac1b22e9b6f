using System;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Testing;

/// <summary>
/// Runs an <c>[Xdp]</c> method as plain .NET over a packet, as a unit test would: a native copy of the frame
/// with head- and tailroom, so <c>AdjustHead</c>/<c>AdjustTail</c> behave as in the kernel, and an
/// <see cref="XdpContext"/> over it. Converts implicitly, so <c>IcmpFilter.DropIcmp(ctx)</c> works.
/// Maps are the Dataplane's in-memory ones.
/// </summary>
public sealed unsafe class XdpTestContext : IDisposable
{
    /// <summary>Headroom the kernel gives XDP test runs (XDP_PACKET_HEADROOM).</summary>
    public const int DefaultHeadroom = 256;

    private byte* _buffer;
    private readonly XdpMetadata* _md;

    private XdpTestContext(ReadOnlySpan<byte> packet, int headroom, int tailroom)
    {
        int size = headroom + packet.Length + tailroom;
        _buffer = (byte*)NativeMemory.AllocZeroed((nuint)Math.Max(size, 1));
        packet.CopyTo(new Span<byte>(_buffer + headroom, packet.Length));
        _md = (XdpMetadata*)NativeMemory.AllocZeroed((nuint)sizeof(XdpMetadata));
        _md->DataHardStart = _buffer;
        _md->DataMeta = _buffer + headroom;
        _md->Data = _buffer + headroom;
        _md->DataEnd = _buffer + headroom + packet.Length;
        _md->DataHardEnd = _buffer + size;
    }

    /// <summary>A context over a copy of <paramref name="packet"/>.</summary>
    public static XdpTestContext FromPacket(ReadOnlySpan<byte> packet, int headroom = DefaultHeadroom, int tailroom = DefaultHeadroom)
    {
        if (headroom < 0) throw new ArgumentOutOfRangeException(nameof(headroom));
        if (tailroom < 0) throw new ArgumentOutOfRangeException(nameof(tailroom));
        return new XdpTestContext(packet, headroom, tailroom);
    }

    /// <summary>The context to pass to the program method.</summary>
    public XdpContext Context
    {
        get
        {
            ObjectDisposedException.ThrowIf(_buffer == null, this);
            return new XdpContext(_md);
        }
    }

    /// <summary>The frame as it is now (after any rewrite or adjustment by the program).</summary>
    public ReadOnlySpan<byte> Packet => new(Context.Data, (int)(Context.DataEnd - Context.Data));

    /// <summary>The metadata area in front of the frame (<c>AdjustMeta</c>).</summary>
    public ReadOnlySpan<byte> Metadata => new(Context.DataMeta, (int)(Context.Data - Context.DataMeta));

    /// <summary>The interface the frame "arrived" on.</summary>
    public uint IngressIfIndex { get => _md->IngressIfIndex; set => _md->IngressIfIndex = value; }

    /// <summary>The receive queue the frame "arrived" on.</summary>
    public uint RxQueueIndex { get => _md->RxQueueIndex; set => _md->RxQueueIndex = value; }

    /// <summary>The context, for passing the test context straight to a program method.</summary>
    public static implicit operator XdpContext(XdpTestContext test) => test.Context;

    /// <summary>Frees the native frame.</summary>
    public void Dispose()
    {
        if (_buffer == null) return;
        NativeMemory.Free(_buffer);
        NativeMemory.Free(_md);
        _buffer = null;
    }
}
