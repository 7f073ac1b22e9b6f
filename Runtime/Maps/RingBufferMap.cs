using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
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
    private static readonly TimeSpan s_asyncPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Channel<TEvent> _events = Channel.CreateUnbounded<TEvent>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
    private readonly Lock _pollGate = new();
    private GCHandle _self;
    private nint _ringBuffer;
    private bool _fdReferenced;
    private bool _disposed;

    /// <summary>Opens the ring buffer map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, or another map type.</exception>
    public RingBufferMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type.</exception>
    public RingBufferMap(BpfMapHandle handle)
        : base(handle, "RingBufferMap<TEvent>", 0, "nothing", 0, "nothing", BpfMapType.RingBuffer) { }

    /// <inheritdoc />
    static RingBufferMap<TEvent> IBpfInnerMap<RingBufferMap<TEvent>>.Open(BpfMapHandle handle) => new(handle);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for events (<see cref="Timeout.InfiniteTimeSpan"/> waits
    /// for ever) and queues every event available for <see cref="TryRead"/>.
    /// </summary>
    /// <returns>How many events were queued.</returns>
    public int Poll(TimeSpan timeout)
    {
        int milliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
        lock (_pollGate)
        {
            int result = LibBpf.ring_buffer__poll(Consumer(), milliseconds);
            // EINTR: a signal interrupted the wait, which is not an error for a poll loop.
            return result == -Errno.EINTR ? 0 : Check(result);
        }
    }

    /// <summary>Queues every event available now, without waiting.</summary>
    /// <returns>How many events were queued.</returns>
    public int Consume()
    {
        lock (_pollGate)
            return Check(LibBpf.ring_buffer__consume(Consumer()));
    }

    /// <summary>Takes the oldest queued event.</summary>
    /// <returns>False when no event is queued; <see cref="Poll"/> or <see cref="Consume"/> first.</returns>
    public bool TryRead(out TEvent value) => _events.Reader.TryRead(out value);

    /// <summary>
    /// Every event, as it arrives, until <paramref name="cancellationToken"/> is cancelled (which
    /// ends the enumeration with <see cref="OperationCanceledException"/>). Polls on a pool thread.
    /// </summary>
    public async IAsyncEnumerable<TEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            while (_events.Reader.TryRead(out TEvent value))
                yield return value;
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Run(() => Poll(s_asyncPollInterval), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Frees libbpf's consumer; queued events are dropped.</summary>
    public void Dispose()
    {
        lock (_pollGate)
        {
            if (_disposed)
                return;
            _disposed = true;
            if (_ringBuffer != 0)
                LibBpf.ring_buffer__free(_ringBuffer);
            _ringBuffer = 0;
            if (_self.IsAllocated)
                _self.Free();
            if (_fdReferenced)
                Handle.FdHandle.DangerousRelease();
            _events.Writer.TryComplete();
        }
    }

    private nint Consumer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ringBuffer != 0)
            return _ringBuffer;
        // The consumer mmaps and epolls the descriptor, so it must stay open as long as the consumer lives.
        Handle.FdHandle.DangerousAddRef(ref _fdReferenced);
        _self = GCHandle.Alloc(this);
        _ringBuffer = LibBpf.ring_buffer__new((int)Handle.FdHandle.DangerousGetHandle(), &RingBufferCallback.OnSample, (void*)GCHandle.ToIntPtr(_self), null);
        if (_ringBuffer == 0)
            throw BpfErrors.FromErrno(Marshal.GetLastPInvokeError(), $"Creating a consumer for ring buffer '{Name}'");
        return _ringBuffer;
    }

    private int Check(int result) =>
        result >= 0 ? result : throw BpfErrors.FromErrno(result, $"Polling ring buffer '{Name}'");

    void IRingBufferSink.Accept(void* data, nuint size)
    {
        TEvent value = default;
        Buffer.MemoryCopy(data, &value, sizeof(TEvent), Math.Min((long)size, sizeof(TEvent)));
        _events.Writer.TryWrite(value);
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
