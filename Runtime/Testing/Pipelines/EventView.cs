using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime;

/// <summary>Reads a ring buffer's events, in the kernel or in memory, as one view: drain, format, mask.</summary>
internal sealed class EventView<TEvent> : IEventView<TEvent> where TEvent : unmanaged
{
    internal delegate bool Reader(out TEvent e);

    private readonly Reader _read;
    private readonly Action? _beforeDrain;

    /// <param name="name">The map's name.</param>
    /// <param name="read">Takes the oldest event.</param>
    /// <param name="beforeDrain">Makes the events written so far readable (the kernel's ring needs a consume).</param>
    internal EventView(string name, Reader read, Action? beforeDrain = null)
    {
        Name = name;
        _read = read;
        _beforeDrain = beforeDrain;
    }

    public string Name { get; }

    public IReadOnlyList<byte[]> Drain()
    {
        _beforeDrain?.Invoke();
        var events = new List<byte[]>();
        while (_read(out TEvent e)) events.Add(MemoryMarshal.AsBytes(new ReadOnlySpan<TEvent>(in e)).ToArray());
        return events;
    }

    public string Format(byte[] e) => StructText<TEvent>.Format(e);

    public void MaskField(byte[] e, string field) => StructText<TEvent>.Mask(e, field);
}
