using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace PodDataplane;

/// <summary><see cref="PodPrograms"/>' XDP prefilter: floods die here, before an skb exists.</summary>
public static unsafe partial class PodPrograms
{
    const ulong WindowNs = 1_000_000_000;

    internal static readonly LpmTrieMap<uint, uint> BlockList = new(maxEntries: 16384);
    internal static readonly LruHashMap<uint, RateWindow> RateWindows = new(maxEntries: 65536);
    internal static readonly ArrayMap<PrefilterSettings> PrefilterConfig = new(maxEntries: 1);

    static XdpAction CountXdp(uint slot, XdpAction verdict)
    {
        Bump(slot);
        return verdict;
    }

    /// <summary>
    /// XDP on every workload interface: a source inside a block-listed CIDR is dropped, and so is a
    /// source past its packets-per-second budget (a one-second window per source in an LRU map).
    /// </summary>
    [Xdp]
    public static XdpAction Prefilter(XdpContext ctx)
    {
        Bump(Reason.XdpSeen);
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end) return XdpAction.Pass;
        ushort type = eth->EtherType;
        var ip = (IPv4Header*)(eth + 1);
        if (type == ByteOrder.Htons(EtherType.Vlan))
        {
            var vlan = (VlanHeader*)(eth + 1);
            if (vlan + 1 > end) return XdpAction.Pass;
            type = vlan->EncapsulatedProtocol;
            ip = (IPv4Header*)(vlan + 1);
        }
        if (type != ByteOrder.Htons(EtherType.IPv4)) return XdpAction.Pass;
        if (ip + 1 > end) return XdpAction.Pass;
        uint source = ip->SourceAddress;
        var cidr = new LpmKey<uint> { PrefixLength = 32, Data = source };
        if (BlockList.Lookup(cidr) != null) return CountXdp(Reason.XdpBlocked, XdpAction.Drop);

        PrefilterSettings* settings = PrefilterConfig.Lookup(0);
        if (settings == null || settings->PacketsPerSecond == 0) return CountXdp(Reason.XdpPassed, XdpAction.Pass);
        ulong now = Bpf.KtimeGetNs();
        RateWindow* window = RateWindows.Lookup(source);
        if (window == null || now - window->WindowStartNs >= WindowNs)
        {
            RateWindow fresh = default;
            fresh.WindowStartNs = now;
            fresh.Packets = 1;
            RateWindows.Update(source, fresh);
            return CountXdp(Reason.XdpPassed, XdpAction.Pass);
        }
        window->Packets += 1;
        if (window->Packets > settings->PacketsPerSecond) return CountXdp(Reason.XdpRateLimited, XdpAction.Drop);
        return CountXdp(Reason.XdpPassed, XdpAction.Pass);
    }
}
