using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>What <see cref="PerfEvents.Announce"/> outputs: which attempt, the CPU it ran on, the frame's length and first byte.</summary>
public struct Announcement
{
    public uint Sequence;
    public uint Cpu;
    public uint Length;
    public uint First;
}

/// <summary>
/// A perf event array written per frame with <c>Output(ctx, e)</c>, as a C program writes one with
/// <c>bpf_perf_event_output(ctx, &amp;map, BPF_F_CURRENT_CPU, &amp;e, sizeof(e))</c>. Counters of
/// attempts and failures let a test account for every event, lost ones included.
/// </summary>
public static unsafe partial class PerfEvents
{
    /// <summary>Internal so that the .NET run's events can be read back (<c>TryRead</c>).</summary>
    internal static readonly PerfEventArrayMap<Announcement> Events = new();
    static readonly ArrayMap<uint> Attempts = new(1);
    static readonly ArrayMap<uint> Failures = new(1);

    /// <summary>Outputs one event per frame; Pass when it was written, Drop when the CPU's buffer had no room or no reader.</summary>
    [Xdp]
    public static XdpAction Announce(XdpContext ctx)
    {
        byte* p = ctx.Data;
        if (p + 1 > ctx.DataEnd) return XdpAction.Aborted;
        uint* attempts = Attempts.Lookup(0);
        uint* failures = Failures.Lookup(0);
        if (attempts == null || failures == null) return XdpAction.Aborted;
        var e = new Announcement { Sequence = *attempts, Cpu = Bpf.GetSmpProcessorId(), Length = (uint)(ctx.DataEnd - ctx.Data), First = p[0] };
        *attempts += 1;
        if (Events.Output(ctx, e) == 0) return XdpAction.Pass;
        *failures += 1;
        return XdpAction.Drop;
    }
}
