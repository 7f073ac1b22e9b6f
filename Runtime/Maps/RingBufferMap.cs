using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// <c>BPF_MAP_TYPE_RINGBUF</c> (kernel 5.8): events BPF programs submit, read in order through
/// libbpf's ring buffer consumer. Poll with <see cref="Poll"/>/<see cref="Consume"/> and take events
/// with <see cref="TryRead"/>, or <c>await foreach</c> over <see cref="ReadAllAsync"/>.
/// </summary>
/// <typeparam name="TEvent">The event type. A shorter record is zero-extended, a longer one truncated.</typeparam>
public sealed unsafe class RingBufferMap<TEvent> : BpfTypedMap, IDisposable, IRingBufferSink, IBpfInnerMap<RingBufferMap<TEvent>>
    where TEvent : unmanaged
{
    private readonly EventReader<TEvent> _reader;

    /// <summary>Opens the ring buffer map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, or another map type.</exception>
    public RingBufferMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type.</exception>
    public RingBufferMap(BpfMapHandle handle)
        : base(handle, "RingBufferMap<TEvent>", 0, "nothing", 0, "nothing", BpfMapType.RingBuffer)
        => _reader = new EventReader<TEvent>(handle, this, $"ring buffer '{handle.Name}'",
            static (fd, context) => LibBpf.ring_buffer__new(fd, &RingBufferCallback.OnSample, (void*)context, null),
            &LibBpf.ring_buffer__poll, &LibBpf.ring_buffer__consume, &LibBpf.ring_buffer__free);

    /// <inheritdoc />
    static RingBufferMap<TEvent> IBpfInnerMap<RingBufferMap<TEvent>>.Open(BpfMapHandle handle) => new(handle);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for events (<see cref="Timeout.InfiniteTimeSpan"/> waits
    /// for ever) and queues every event available for <see cref="TryRead"/>.
    /// </summary>
    /// <returns>How many events were queued.</returns>
    public int Poll(TimeSpan timeout) => _reader.Poll(timeout);

    /// <summary>Queues every event available now, without waiting.</summary>
    /// <returns>How many events were queued.</returns>
    public int Consume() => _reader.Consume();

    /// <summary>Takes the oldest queued event.</summary>
    /// <returns>False when no event is queued; <see cref="Poll"/> or <see cref="Consume"/> first.</returns>
    public bool TryRead(out TEvent value) => _reader.TryRead(out value);

    /// <summary>
    /// Every event, as it arrives, until <paramref name="cancellationToken"/> is cancelled (which
    /// ends the enumeration with <see cref="OperationCanceledException"/>). Polls on a pool thread.
    /// </summary>
    public IAsyncEnumerable<TEvent> ReadAllAsync(CancellationToken cancellationToken = default) => _reader.ReadAllAsync(cancellationToken);

    /// <summary>Frees libbpf's consumer; queued events are dropped.</summary>
    public void Dispose() => _reader.Dispose();

    void IRingBufferSink.Accept(void* data, nuint size)
    {
        TEvent value = default;
        Buffer.MemoryCopy(data, &value, sizeof(TEvent), Math.Min((long)size, sizeof(TEvent)));
        _reader.Write(value);
    }
}

/// <summary>Receives the samples libbpf hands to <see cref="RingBufferCallback"/>.</summary>
internal unsafe interface IRingBufferSink
{
    void Accept(void* data, nuint size);
}

/// <summary>The ring buffer sample callback (unmanaged-callable methods cannot be generic).</summary>
internal static unsafe class RingBufferCallback
{
    [UnmanagedCallersOnly]
    internal static int OnSample(void* context, void* data, nuint size)
    {
        try
        {
            ((IRingBufferSink)GCHandle.FromIntPtr((nint)context).Target!).Accept(data, size);
            return 0;
        }
        catch (Exception)
        {
            // Never unwind into libbpf; a non-zero return stops this poll.
            return -1;
        }
    }
}
