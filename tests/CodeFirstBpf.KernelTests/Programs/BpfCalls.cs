using System.Runtime.CompilerServices;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>Addresses and ports folded out of a frame (12 bytes, no padding).</summary>
public struct Tuple4
{
    public uint A;
    public uint B;
    public ushort P;
    public ushort Q;
}

/// <summary>
/// BPF-to-BPF calls: <c>[MethodImpl(MethodImplOptions.NoInlining)]</c> helpers that take packet
/// pointers and an <c>out</c> struct (a pointer into the caller's stack), that take five
/// arguments (the BPF maximum), and that call each other; plus an inlined expression-bodied
/// helper. The verdict is an integer cast to <see cref="XdpAction"/>.
/// </summary>
public static unsafe partial class BpfCalls
{
    static readonly ArrayMap<ulong> Buckets = new(maxEntries: 64);
    static readonly HashMap<uint, uint> HashByLength = new(maxEntries: 2048);

    [MethodImpl(MethodImplOptions.NoInlining)]
    static uint Mix(uint a, uint b, uint c) => Jhash.Final(a, b, c);

    [MethodImpl(MethodImplOptions.NoInlining)]
    static uint Combine(uint seed, uint a, uint b, uint p, uint q)
        => Mix(seed ^ a, b + 0x9E3779B9u, (p << 16) | q);

    [MethodImpl(MethodImplOptions.NoInlining)]
    static bool ExtractTuple(byte* data, byte* end, out Tuple4 tuple)
    {
        tuple = default;
        var eth = (EthernetHeader*)data;
        if (eth + 1 > end) return false;
        byte* l4;
        byte protocol;
        if (eth->EtherType == ByteOrder.Htons(EtherType.IPv4))
        {
            var ip = (IPv4Header*)(eth + 1);
            if (ip + 1 > end) return false;
            tuple.A = ip->SourceAddress;
            tuple.B = ip->DestinationAddress;
            protocol = ip->Protocol;
            l4 = (byte*)ip + ip->HeaderLength;
        }
        else if (eth->EtherType == ByteOrder.Htons(EtherType.IPv6))
        {
            var ip6 = (IPv6Header*)(eth + 1);
            if (ip6 + 1 > end) return false;
            uint* s = (uint*)ip6->SourceAddress;
            uint* d = (uint*)ip6->DestinationAddress;
            tuple.A = s[0] ^ s[1] ^ s[2] ^ s[3];
            tuple.B = d[0] ^ d[1] ^ d[2] ^ d[3];
            protocol = ip6->NextHeader;
            l4 = (byte*)(ip6 + 1);
        }
        else
        {
            return false;
        }
        if (protocol == IpProtocol.Tcp || protocol == IpProtocol.Udp)
        {
            if (l4 + 4 > end) return false;
            tuple.P = ByteOrder.Ntohs(((ushort*)l4)[0]);
            tuple.Q = ByteOrder.Ntohs(((ushort*)l4)[1]);
        }
        return true;
    }

    [Xdp]
    public static XdpAction HashFrame(XdpContext ctx)
    {
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        uint length = (uint)(end - data);
        uint bucket;
        uint verdict;
        if (ExtractTuple(data, end, out Tuple4 t))
        {
            uint h = Mix(t.A, t.B, ((uint)t.P << 16) | t.Q);
            uint h2 = Combine(h, t.A, t.B, t.P, t.Q);
            bucket = h2 & 62;
            verdict = h % 3;
            HashByLength.Update(length, h2);
        }
        else
        {
            bucket = 63;
            verdict = 2;
        }
        ulong* c = Buckets.Lookup(bucket);
        if (c != null) *c += 1;
        return (XdpAction)verdict;
    }
}
