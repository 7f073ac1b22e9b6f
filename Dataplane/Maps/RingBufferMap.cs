using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace CodeFirstBpf;

/// <summary>
/// <c>BPF_MAP_TYPE_RINGBUF</c> (kernel 5.8): events from BPF code to userspace, in order, shared by
/// all CPUs. The size is in bytes: a power of two and a multiple of the 4096-byte page.
/// Userspace reads it with <c>CodeFirstBpf.Runtime.RingBufferMap&lt;TEvent&gt;</c>.
/// </summary>
public sealed unsafe class RingBufferMap<TEvent> : BpfMap where TEvent : unmanaged
{
    private readonly ConcurrentQueue<TEvent> _events = new();

    /// <summary>Declares a ring buffer of <paramref name="sizeBytes"/> bytes.</summary>
    public RingBufferMap(uint sizeBytes) : base(sizeBytes) { }

    /// <summary>Copies <paramref name="e"/> into the ring (<c>bpf_ringbuf_output</c>); 0 or a negative errno.</summary>
    public long Output(in TEvent e)
    {
        _events.Enqueue(e);
        return 0;
    }

    /// <summary>Reserves space for one event (<c>bpf_ringbuf_reserve</c>); null when the ring is full. Submit or discard it on every path.</summary>
    public TEvent* Reserve() => (TEvent*)NativeMemory.AllocZeroed((nuint)sizeof(TEvent));

    /// <summary>Publishes a reserved event (<c>bpf_ringbuf_submit</c>).</summary>
    public void Submit(TEvent* e)
    {
        _events.Enqueue(*e);
        NativeMemory.Free(e);
    }

    /// <summary>Drops a reserved event (<c>bpf_ringbuf_discard</c>).</summary>
    public void Discard(TEvent* e) => NativeMemory.Free(e);

    /// <summary>When running as .NET: takes the oldest event written by the program.</summary>
    public bool TryRead(out TEvent e) => _events.TryDequeue(out e);
}
