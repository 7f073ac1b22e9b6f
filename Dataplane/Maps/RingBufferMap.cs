using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace CodeFirstBpf;

/// <summary>
/// <c>BPF_MAP_TYPE_RINGBUF</c> (kernel 5.8): events from BPF code to userspace, in order, shared by
/// all CPUs. The size is in bytes: a power of two and a multiple of the 4096-byte page.
/// Userspace reads it with <c>CodeFirstBpf.Runtime.RingBufferMap&lt;TEvent&gt;</c>.
/// In .NET the ring has the kernel's capacity: each record takes an 8-byte header plus the event
/// rounded up to 8 bytes, the producer may run at most <c>sizeBytes - 1</c> bytes ahead of the
/// consumer, and a record's space (a discarded one's too) comes back only when the consumer reads
/// past it (<see cref="TryRead"/>).
/// </summary>
[BpfMapKind(27, InnerMap = true, Flags = MapFlags.NumaNode)]
public sealed unsafe class RingBufferMap<TEvent> : BpfMap where TEvent : unmanaged
{
    private const int HeaderBytes = 8;

    private sealed class Record
    {
        public TEvent* Slot;
        public bool Busy = true, Discarded;
        public TEvent Event;
    }

    private readonly object _gate = new();
    private readonly Queue<Record> _records = new();
    private readonly Dictionary<nint, Record> _reserved = new();
    private long _used;

    /// <summary>Declares a ring buffer of <paramref name="sizeBytes"/> bytes.</summary>
    public RingBufferMap(uint sizeBytes, MapFlags flags = MapFlags.None) : base(sizeBytes, flags) { }

    /// <summary>The ring space one event takes: header plus the event rounded up to 8 (<c>__bpf_ringbuf_reserve</c>).</summary>
    private static long RecordBytes => (sizeof(TEvent) + HeaderBytes + 7) & ~7L;

    /// <summary>Whether another record fits: the kernel fails a reserve that would put the producer <c>size</c> or more bytes ahead.</summary>
    private bool Fits() => _used + RecordBytes <= (long)MaxEntries - 1;

    /// <summary>Copies <paramref name="e"/> into the ring (<c>bpf_ringbuf_output</c>); 0, or <c>-EAGAIN</c> when the ring is full.</summary>
    [BpfHelper(130)]
    public long Output(in TEvent e)
    {
        lock (_gate)
        {
            if (!Fits()) return -Errno.EAGAIN;
            _used += RecordBytes;
            _records.Enqueue(new Record { Busy = false, Event = e });
            return 0;
        }
    }

    /// <summary>Reserves space for one event (<c>bpf_ringbuf_reserve</c>); null when the ring is full. Submit or discard it on every path.</summary>
    [BpfHelper(131)]
    public TEvent* Reserve()
    {
        lock (_gate)
        {
            if (!Fits()) return null;
            _used += RecordBytes;
            var r = new Record { Slot = (TEvent*)NativeMemory.AllocZeroed((nuint)sizeof(TEvent)) };
            _records.Enqueue(r);
            _reserved[(nint)r.Slot] = r;
            return r.Slot;
        }
    }

    /// <summary>Publishes a reserved event (<c>bpf_ringbuf_submit</c>).</summary>
    [BpfHelper(132)]
    public void Submit(TEvent* e) => Commit(e, discard: false);

    /// <summary>Drops a reserved event (<c>bpf_ringbuf_discard</c>); its space stays taken until the consumer passes it.</summary>
    [BpfHelper(133)]
    public void Discard(TEvent* e) => Commit(e, discard: true);

    private void Commit(TEvent* e, bool discard)
    {
        lock (_gate)
        {
            if (!_reserved.Remove((nint)e, out var r)) return;
            r.Event = *e;
            r.Busy = false;
            r.Discarded = discard;
            NativeMemory.Free(e);
            r.Slot = null;
        }
    }

    /// <summary>
    /// When running as .NET: takes the oldest event written by the program, as the consumer does,
    /// giving its space back; stops at a record still reserved.
    /// </summary>
    public bool TryRead(out TEvent e)
    {
        lock (_gate)
        {
            while (_records.TryPeek(out var r) && !r.Busy)
            {
                _records.Dequeue();
                _used -= RecordBytes;
                if (r.Discarded) continue;
                e = r.Event;
                return true;
            }
            e = default;
            return false;
        }
    }

    /// <inheritdoc />
    public override void Reset()
    {
        lock (_gate)
        {
            foreach (var r in _reserved.Values) NativeMemory.Free(r.Slot);
            _reserved.Clear();
            _records.Clear();
            _used = 0;
        }
    }
}
