using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>A hash key with three padding bytes after <see cref="A"/>: the kernel hashes them too.</summary>
public struct PadKey
{
    public byte A;
    public uint B;
}

/// <summary>A 248-byte event: with its 8-byte header, one 256-byte record of the ring.</summary>
public unsafe struct RingEvent
{
    public uint Seq;
    public fixed byte Rest[244];
}

/// <summary>What a TC test run's <c>__sk_buff</c> says about a frame.</summary>
public struct SkbInfo
{
    public uint PacketType;
    public uint IngressIfIndex;
    public uint IfIndex;
    public uint Seen;
}

// Programs whose in-memory .NET twins must behave as the kernel does, one class each so that a
// differential run compares only the maps of the program under test.

/// <summary>Padded hash keys read straight from the packet.</summary>
public static unsafe partial class PaddedKeys
{
    static readonly HashMap<PadKey, ulong> PadCounts = new(maxEntries: 64);
    static readonly LruHashMap<PadKey, ulong> LruPadCounts = new(maxEntries: 64);

    [Xdp]
    public static XdpAction CountPadded(XdpContext ctx)
    {
        byte* d = ctx.Data;
        if (d + 23 > ctx.DataEnd) return XdpAction.Pass;
        var k = (PadKey*)(d + 14);
        ulong* c = PadCounts.Lookup(*k);
        if (c != null) (*c)++;
        else PadCounts.Update(*k, 1);
        ulong* l = LruPadCounts.Lookup(*k);
        if (l != null) (*l)++;
        else LruPadCounts.Update(*k, 1);
        if (d[22] == 1)
        {
            PadCounts.Delete(*k);
            return XdpAction.Drop;
        }
        return XdpAction.Pass;
    }
}

/// <summary>A ring buffer nobody consumes: it fills.</summary>
public static unsafe partial class RingFill
{
    internal static readonly RingBufferMap<RingEvent> Ring = new(sizeBytes: 4096);

    [Xdp]
    public static XdpAction Fill(XdpContext ctx)
    {
        byte* d = ctx.Data;
        if (d + 1 > ctx.DataEnd) return XdpAction.Pass;
        if (d[0] == 0)
        {
            var e = new RingEvent { Seq = 1 };
            long r = Ring.Output(e);
            return r == 0 ? XdpAction.Pass : r == -11 ? XdpAction.Drop : XdpAction.Aborted;
        }
        RingEvent* slot = Ring.Reserve();
        if (slot == null) return XdpAction.Drop;
        slot->Seq = 2;
        if (d[0] == 2)
        {
            Ring.Discard(slot);
            return XdpAction.Tx;
        }
        Ring.Submit(slot);
        return XdpAction.Pass;
    }
}

/// <summary>An LPM trie filled from BPF code.</summary>
public static unsafe partial class TrieFill
{
    internal static readonly LpmTrieMap<uint, uint> Prefixes = new(maxEntries: 64);

    [Xdp]
    public static XdpAction AddPrefix(XdpContext ctx)
    {
        byte* d = ctx.Data;
        if (d + 5 > ctx.DataEnd) return XdpAction.Pass;
        var key = new LpmKey<uint> { PrefixLength = (uint)(d[0] & 31), Data = *(uint*)(d + 1) };
        uint value = d[0];
        return Prefixes.Update(key, value) == 0 ? XdpAction.Pass : XdpAction.Drop;
    }
}

/// <summary>The skb fields of a TC test run, kept per frame id.</summary>
public static unsafe partial class SkbFields
{
    static readonly HashMap<uint, SkbInfo> Seen = new(maxEntries: 64);

    [Tc]
    public static TcAction Observe(TcContext ctx)
    {
        byte* d = ctx.Data;
        if (d + 15 > ctx.DataEnd) return TcAction.Ok;
        uint id = d[14];
        var info = new SkbInfo { PacketType = ctx.PacketType, IngressIfIndex = ctx.IngressIfIndex, IfIndex = ctx.IfIndex, Seen = 1 };
        Seen.Update(id, info);
        return TcAction.Ok;
    }
}
