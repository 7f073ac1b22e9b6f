using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// Pointer arithmetic and comparisons: verifies the IPv4 header checksum with a <c>ushort*</c>
/// walk over a variable-length header (pointer <c>&lt;</c>, <c>==</c> between typed pointers),
/// scans up to 64 payload bytes with a <c>byte*</c> that is compared both to a computed limit and
/// to <c>DataEnd</c>, reads <c>p[-1]</c>, and takes pointer differences as offsets.
/// </summary>
public static unsafe partial class PointerWalk
{
    const uint ChecksumOk = 0, ChecksumBad = 1, MarkerBytes = 2, Repeats = 3, Scanned = 4;

    static readonly ArrayMap<ulong> ScanStats = new(maxEntries: 8);
    static readonly HashMap<uint, uint> FirstMarker = new(maxEntries: 2048);

    static void Add(uint slot, ulong amount)
    {
        ulong* s = ScanStats.Lookup(slot);
        if (s != null) *s += amount;
    }

    [Xdp]
    public static XdpAction ScanPayload(XdpContext ctx)
    {
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)data;
        if (eth + 1 > end) return XdpAction.Pass;

        XdpAction verdict = XdpAction.Pass;
        if (eth->EtherType == ByteOrder.Htons(EtherType.IPv4))
        {
            var ip = (IPv4Header*)(eth + 1);
            if (ip + 1 <= end && ip->HeaderLength >= sizeof(IPv4Header))
            {
                ushort* w = (ushort*)ip;
                ushort* wend = (ushort*)((byte*)ip + ip->HeaderLength);
                uint sum = 0;
                for (int i = 0; i < 30; i++)
                {
                    if (w >= wend) break;
                    if (w + 1 > end) break;
                    sum += *w;
                    w++;
                }
                bool ok = w == wend && (ushort)~Checksum.Fold(sum) == 0;
                Add(ok ? ChecksumOk : ChecksumBad, 1);
                if (!ok) verdict = XdpAction.Drop;
            }
        }

        byte* start = (byte*)(eth + 1);
        byte* limit = start + 64;
        byte* p = start;
        uint markers = 0, repeats = 0, first = 0xFFFF;
        for (int i = 0; i < 64; i++)
        {
            if (p >= limit || p + 1 > end) break;
            if (*p == 0xAA) markers++;
            if (i > 0 && p[-1] == *p) repeats++;
            p++;
        }
        Add(MarkerBytes, markers);
        Add(Repeats, repeats);
        Add(Scanned, (ulong)(p - start));
        for (int i = 0; i < 64; i++)
        {
            byte* q = start + i;
            if (q >= limit || q + 1 > end) break;
            if (*q == 0xBB)
            {
                first = (uint)(q - data);
                break;
            }
        }
        if (first != 0xFFFF)
        {
            uint length = (uint)(end - data);
            FirstMarker.Update(length, first);
        }
        return verdict;
    }
}
