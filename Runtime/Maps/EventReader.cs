using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// The userspace side that ring buffers and perf buffers share: a libbpf consumer created on first
/// use, polled under one lock, whose native callbacks queue items for <see cref="TryRead"/> and
/// <see cref="ReadAllAsync"/>. The consumer mmaps and epolls the map's descriptor, so the descriptor
/// is kept open until <see cref="Dispose"/> frees the consumer.
/// </summary>
/// <typeparam name="TItem">What one callback queues.</typeparam>
internal sealed unsafe class EventReader<TItem> : IDisposable
{
    private static readonly TimeSpan s_asyncPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Channel<TItem> _items = Channel.CreateUnbounded<TItem>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
    private readonly Lock _gate = new();
    private readonly BpfMapHandle _map;
    private readonly object _sink;
    private readonly string _what;
    private readonly Func<int, nint, nint> _create;
    private readonly delegate*<nint, int, int> _poll;
    private readonly delegate*<nint, int> _consume;
    private readonly delegate*<nint, void> _free;
    private GCHandle _context;
    private nint _consumer;
    private long _queued;
    private bool _fdReferenced;
    private bool _disposed;

    /// <param name="map">The map whose descriptor the consumer reads.</param>
    /// <param name="sink">What the native callbacks receive as their context (through a GCHandle).</param>
    /// <param name="what">The map for messages, e.g. "ring buffer 'events'".</param>
    /// <param name="create">Creates the consumer from the map descriptor and the callback context; 0 with errno set on failure.</param>
    /// <param name="poll">libbpf's poll (consumer, timeout in ms).</param>
    /// <param name="consume">libbpf's consume.</param>
    /// <param name="free">libbpf's free.</param>
    public EventReader(BpfMapHandle map, object sink, string what, Func<int, nint, nint> create,
        delegate*<nint, int, int> poll, delegate*<nint, int> consume, delegate*<nint, void> free)
    {
        _map = map;
        _sink = sink;
        _what = what;
        _create = create;
        _poll = poll;
        _consume = consume;
        _free = free;
    }

    /// <summary>Whether the consumer exists (it is created by the first poll).</summary>
    public bool Started
    {
        get
        {
            lock (_gate)
                return _consumer != 0;
        }
    }

    /// <summary>Queues one item; called from the native callbacks, inside a poll.</summary>
    public void Write(TItem item)
    {
        _items.Writer.TryWrite(item);
        _queued++;
    }

    /// <summary>Waits up to <paramref name="timeout"/> (infinite: for ever) and queues every item available.</summary>
    /// <returns>How many items were queued.</returns>
    public int Poll(TimeSpan timeout)
    {
        int milliseconds = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
        lock (_gate)
        {
            long before = _queued;
            int result = _poll(Consumer(), milliseconds);
            // EINTR: a signal interrupted the wait, which is not an error for a poll loop.
            if (result < 0 && result != -Errno.EINTR)
                throw BpfErrors.FromErrno(result, $"Polling {_what}");
            return (int)(_queued - before);
        }
    }

    /// <summary>Queues every item available now, without waiting.</summary>
    /// <returns>How many items were queued.</returns>
    public int Consume()
    {
        lock (_gate)
        {
            long before = _queued;
            int result = _consume(Consumer());
            if (result < 0)
                throw BpfErrors.FromErrno(result, $"Polling {_what}");
            return (int)(_queued - before);
        }
    }

    /// <summary>Takes the oldest queued item.</summary>
    public bool TryRead([MaybeNullWhen(false)] out TItem item) => _items.Reader.TryRead(out item);

    /// <summary>Every item as it arrives, polling on a pool thread, until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async IAsyncEnumerable<TItem> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            while (_items.Reader.TryRead(out TItem? item))
                yield return item;
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Run(() => Poll(s_asyncPollInterval), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Frees libbpf's consumer and releases the descriptor; queued items are dropped.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            if (_consumer != 0)
                _free(_consumer);
            _consumer = 0;
            if (_context.IsAllocated)
                _context.Free();
            if (_fdReferenced)
                _map.FdHandle.DangerousRelease();
            _items.Writer.TryComplete();
        }
    }

    private nint Consumer()
    {
        ObjectDisposedException.ThrowIf(_disposed, _sink);
        if (_consumer != 0)
            return _consumer;
        if (!_fdReferenced)
            _map.FdHandle.DangerousAddRef(ref _fdReferenced);
        if (!_context.IsAllocated)
            _context = GCHandle.Alloc(_sink);
        _consumer = _create((int)_map.FdHandle.DangerousGetHandle(), GCHandle.ToIntPtr(_context));
        if (_consumer == 0)
            throw BpfErrors.FromErrno(Marshal.GetLastPInvokeError(), $"Creating a reader for {_what}");
        return _consumer;
    }
}
