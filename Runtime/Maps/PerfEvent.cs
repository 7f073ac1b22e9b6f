namespace CodeFirstBpf.Runtime;

/// <summary>
/// One record from a perf event array: an event a program output on <see cref="Cpu"/>, or, when
/// <see cref="IsLost"/>, the number of events that CPU's buffer had no room for.
/// </summary>
/// <typeparam name="TEvent">The event type the program outputs.</typeparam>
public readonly record struct PerfEvent<TEvent> where TEvent : unmanaged
{
    /// <summary>An event <paramref name="value"/> output on <paramref name="cpu"/>.</summary>
    public PerfEvent(int cpu, TEvent value)
    {
        Cpu = cpu;
        Value = value;
    }

    private PerfEvent(int cpu, ulong lostCount)
    {
        Cpu = cpu;
        LostCount = lostCount;
    }

    /// <summary>A record of <paramref name="count"/> events lost on <paramref name="cpu"/>.</summary>
    public static PerfEvent<TEvent> Lost(int cpu, ulong count) => new(cpu, count);

    /// <summary>The CPU whose buffer the record came from (the CPU the program ran on).</summary>
    public int Cpu { get; }

    /// <summary>The event; <c>default</c> for a lost-events record.</summary>
    public TEvent Value { get; }

    /// <summary>How many events were lost (the kernel's <c>PERF_RECORD_LOST</c>); 0 for an event.</summary>
    public ulong LostCount { get; }

    /// <summary>Whether this records lost events rather than carrying one.</summary>
    public bool IsLost => LostCount != 0;
}
