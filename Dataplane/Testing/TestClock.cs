using System.Threading;

namespace CodeFirstBpf.Testing;

/// <summary>
/// A clock for running programs as .NET: while set, <see cref="Bpf.KtimeGetNs"/> returns it instead
/// of the machine's monotonic time, so time-dependent state (conntrack last-seen, rate limits,
/// expiry) is the same in every run. It flows with the async context, so tests running in
/// parallel each have their own.
/// </summary>
public static class TestClock
{
    private static readonly AsyncLocal<ulong?> s_now = new();

    /// <summary>The time <see cref="Bpf.KtimeGetNs"/> returns, or null when it reads the machine's clock.</summary>
    public static ulong? Now
    {
        get => s_now.Value;
        set => s_now.Value = value;
    }

    /// <summary>Moves the test clock forward by <paramref name="nanoseconds"/> (from 0 when it was not set).</summary>
    public static void Advance(ulong nanoseconds) => s_now.Value = (s_now.Value ?? 0) + nanoseconds;
}
