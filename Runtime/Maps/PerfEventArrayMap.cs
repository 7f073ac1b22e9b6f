namespace CodeFirstBpf.Runtime;

/// <summary>
/// <c>BPF_MAP_TYPE_PERF_EVENT_ARRAY</c> (kernel 4.3): one perf buffer slot per CPU. This typed map
/// gives the map's facts and descriptor (<see cref="BpfTypedMap.Handle"/>); reading events through
/// perf buffers is not offered yet, so prefer <see cref="RingBufferMap{TEvent}"/> for new code.
/// </summary>
/// <typeparam name="TEvent">The event type the program outputs.</typeparam>
public sealed class PerfEventArrayMap<TEvent> : BpfTypedMap, IBpfInnerMap<PerfEventArrayMap<TEvent>> where TEvent : unmanaged
{
    /// <summary>Opens the perf event array <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, or another map type.</exception>
    public PerfEventArrayMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    public PerfEventArrayMap(BpfMapHandle handle)
        : base(handle, "PerfEventArrayMap<TEvent>", sizeof(uint), typeof(uint).Name, sizeof(uint), typeof(uint).Name, BpfMapType.PerfEventArray) { }

    /// <inheritdoc />
    static PerfEventArrayMap<TEvent> IBpfInnerMap<PerfEventArrayMap<TEvent>>.Open(BpfMapHandle handle) => new(handle);
}
