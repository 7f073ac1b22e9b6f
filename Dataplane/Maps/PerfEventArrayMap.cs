using System.Collections.Concurrent;

namespace CodeFirstBpf;

/// <summary>
/// <c>BPF_MAP_TYPE_PERF_EVENT_ARRAY</c> (kernel 4.3): events to userspace through one perf buffer per
/// CPU. Declared without a size it has one entry per possible CPU (libbpf sizes it at load).
/// Prefer <see cref="RingBufferMap{TEvent}"/> on kernels from 5.8.
/// </summary>
[BpfMapKind(4, InnerMap = true, IndexKey = true, Flags = MapFlags.NumaNode | MapFlags.PreserveElems | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser)]
public sealed class PerfEventArrayMap<TEvent> : BpfMap where TEvent : unmanaged
{
    private readonly ConcurrentQueue<TEvent> _events = new();

    /// <summary>Declares the map with one entry per possible CPU.</summary>
    public PerfEventArrayMap() : base(0) { }

    /// <summary>Declares the map with one entry per possible CPU, created with <paramref name="flags"/>.</summary>
    public PerfEventArrayMap(MapFlags flags) : base(0, flags) { }

    /// <summary>Declares the map with <paramref name="maxEntries"/> entries.</summary>
    public PerfEventArrayMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags) { }

    /// <summary>
    /// <c>bpf_perf_event_output</c> with <c>BPF_F_CURRENT_CPU</c>: copies <paramref name="e"/> to this
    /// CPU's perf buffer. 0, or a negative errno (<c>-ENOENT</c> when no reader opened this CPU's buffer).
    /// </summary>
    [BpfHelper(25)]
    public long Output(XdpContext ctx, in TEvent e) => Enqueue(e);

    /// <summary><c>bpf_perf_event_output</c> from a TC program; see the XDP overload.</summary>
    [BpfHelper(25)]
    public long Output(TcContext ctx, in TEvent e) => Enqueue(e);

    /// <summary>When running as .NET: takes the oldest event written by the program.</summary>
    public bool TryRead(out TEvent e) => _events.TryDequeue(out e);

    private long Enqueue(in TEvent e)
    {
        _events.Enqueue(e);
        return 0;
    }
}
