using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// <c>BPF_MAP_TYPE_PERF_EVENT_ARRAY</c> (kernel 4.3): one perf buffer per CPU, read through libbpf's
/// perf buffer. The first <see cref="Poll"/>, <see cref="Consume"/> or <see cref="ReadAllAsync"/>
/// opens a buffer of <see cref="PagesPerCpu"/> pages on every CPU and puts it in the map; until then
/// the program's <c>Output</c> returns <c>-ENOENT</c>. Each record carries the CPU it came from; a
/// full buffer drops events and then reports how many (<see cref="PerfEvent{TEvent}.IsLost"/>).
/// On kernels from 5.8 a <see cref="RingBufferMap{TEvent}"/> keeps one order across CPUs and loses nothing silently.
/// </summary>
/// <typeparam name="TEvent">The event type the program outputs. A shorter record is zero-extended, a longer one truncated.</typeparam>
public sealed unsafe class PerfEventArrayMap<TEvent> : BpfTypedMap, IDisposable, IPerfBufferSink, IBpfInnerMap<PerfEventArrayMap<TEvent>> where TEvent : unmanaged
{
    private readonly EventReader<PerfEvent<TEvent>> _reader;
    private int _pagesPerCpu = 8;

    /// <summary>Opens the perf event array <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, or another map type.</exception>
    public PerfEventArrayMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type.</exception>
    public PerfEventArrayMap(BpfMapHandle handle)
        : base(handle, "PerfEventArrayMap<TEvent>", sizeof(uint), typeof(uint).Name, sizeof(uint), typeof(uint).Name, BpfMapType.PerfEventArray)
        => _reader = new EventReader<PerfEvent<TEvent>>(handle, this, $"perf event array '{handle.Name}'",
            (fd, context) => LibBpf.perf_buffer__new(fd, (nuint)_pagesPerCpu, &PerfBufferCallbacks.OnSample, &PerfBufferCallbacks.OnLost, (void*)context, null),
            &LibBpf.perf_buffer__poll, &LibBpf.perf_buffer__consume, &LibBpf.perf_buffer__free);

    /// <inheritdoc />
    static PerfEventArrayMap<TEvent> IBpfInnerMap<PerfEventArrayMap<TEvent>>.Open(BpfMapHandle handle) => new(handle);

    /// <summary>
    /// The size of each CPU's buffer in 4096-byte pages, a power of two (default 8). Set it before
    /// the first read: a buffer too small for a burst of events loses some.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a power of two.</exception>
    /// <exception cref="InvalidOperationException">The buffers are already open.</exception>
    public int PagesPerCpu
    {
        get => _pagesPerCpu;
        set
        {
            if (value <= 0 || (value & (value - 1)) != 0)
                throw new ArgumentOutOfRangeException(nameof(value), value, "A perf buffer's size per CPU must be a power of two pages (1, 2, 4, 8, …).");
            if (_reader.Started)
                throw new InvalidOperationException($"The perf buffers of '{Name}' are already open: set PagesPerCpu before the first Poll, Consume or ReadAllAsync.");
            _pagesPerCpu = value;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for records (<see cref="Timeout.InfiniteTimeSpan"/> waits
    /// for ever) and queues every record available on any CPU for <see cref="TryRead"/>.
    /// </summary>
    /// <returns>How many records (events and lost-events records) were queued.</returns>
    public int Poll(TimeSpan timeout) => _reader.Poll(timeout);

    /// <summary>Queues every record available now on every CPU, without waiting.</summary>
    /// <returns>How many records were queued.</returns>
    public int Consume() => _reader.Consume();

    /// <summary>Takes the oldest queued record (in order per CPU; CPUs are read one after another).</summary>
    /// <returns>False when none is queued; <see cref="Poll"/> or <see cref="Consume"/> first.</returns>
    public bool TryRead(out PerfEvent<TEvent> record) => _reader.TryRead(out record);

    /// <summary>
    /// Every record, as it arrives, until <paramref name="cancellationToken"/> is cancelled (which
    /// ends the enumeration with <see cref="OperationCanceledException"/>). Polls on a pool thread.
    /// </summary>
    public IAsyncEnumerable<PerfEvent<TEvent>> ReadAllAsync(CancellationToken cancellationToken = default) => _reader.ReadAllAsync(cancellationToken);

    /// <summary>Closes the perf buffers (the map's entries go with them); queued records are dropped.</summary>
    public void Dispose() => _reader.Dispose();

    void IPerfBufferSink.Sample(int cpu, void* data, uint size)
    {
        TEvent value = default;
        Buffer.MemoryCopy(data, &value, sizeof(TEvent), Math.Min((long)size, sizeof(TEvent)));
        _reader.Write(new PerfEvent<TEvent>(cpu, value));
    }

    void IPerfBufferSink.Lost(int cpu, ulong count) => _reader.Write(PerfEvent<TEvent>.Lost(cpu, count));
}

/// <summary>Receives what libbpf hands to <see cref="PerfBufferCallbacks"/>.</summary>
internal unsafe interface IPerfBufferSink
{
    void Sample(int cpu, void* data, uint size);

    void Lost(int cpu, ulong count);
}

/// <summary>The perf buffer callbacks (unmanaged-callable methods cannot be generic).</summary>
internal static unsafe class PerfBufferCallbacks
{
    [UnmanagedCallersOnly]
    internal static void OnSample(void* context, int cpu, void* data, uint size)
    {
        try
        {
            ((IPerfBufferSink)GCHandle.FromIntPtr((nint)context).Target!).Sample(cpu, data, size);
        }
        catch (Exception)
        {
            // Never unwind into libbpf: the sample is dropped (the queue is unbounded, so only a disposed reader gets here).
        }
    }

    [UnmanagedCallersOnly]
    internal static void OnLost(void* context, int cpu, ulong count)
    {
        try
        {
            ((IPerfBufferSink)GCHandle.FromIntPtr((nint)context).Target!).Lost(cpu, count);
        }
        catch (Exception)
        {
            // As above: never unwind into libbpf.
        }
    }
}
