using CodeFirstBpf;

namespace CodeFirstBpf.Bench;

/// <summary>Maps of the same shape as bench/c/map_bench.c creates, for the userspace throughput comparison.</summary>
public static unsafe partial class BenchMaps
{
    static readonly HashMap<uint, ulong> Hash = new(1 << 20);
    static readonly PerCpuArrayMap<ulong> PerCpu = new(1);

    [Xdp]
    public static XdpAction Touch(XdpContext ctx)
    {
        ulong* a = PerCpu.Lookup(0);
        if (a != null) (*a)++;
        ulong* b = Hash.Lookup(ctx.RxQueueIndex);
        return b != null ? XdpAction.Drop : XdpAction.Pass;
    }
}
