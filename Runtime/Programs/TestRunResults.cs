using System;

namespace CodeFirstBpf.Runtime;

/// <summary>The outcome of <c>XdpProgram.TestRun</c>.</summary>
/// <param name="Action">The verdict the program returned.</param>
/// <param name="Packet">The packet as the program left it (it may have rewritten or resized it).</param>
/// <param name="Duration">The kernel's average time per run, to the nearest 100 ns tick.</param>
public readonly record struct XdpTestRunResult(XdpAction Action, byte[] Packet, TimeSpan Duration)
{
    /// <summary>The kernel's average time per run in nanoseconds, unrounded.</summary>
    public uint DurationNanoseconds { get; init; }
}

/// <summary>The outcome of <c>TcProgram.TestRun</c>.</summary>
/// <param name="Action">The program's return value as a <see cref="TcAction"/>.</param>
/// <param name="Packet">The packet as the program left it.</param>
/// <param name="Duration">The kernel's average time per run, to the nearest 100 ns tick.</param>
public readonly record struct TcTestRunResult(TcAction Action, byte[] Packet, TimeSpan Duration)
{
    /// <summary>The kernel's average time per run in nanoseconds, unrounded.</summary>
    public uint DurationNanoseconds { get; init; }

    /// <summary>The <c>__sk_buff</c> fields after the run, when the run was given a context; default otherwise.</summary>
    public TcTestRunContext Context { get; init; }
}

/// <summary>The outcome of <c>SocketFilterProgram.TestRun</c>.</summary>
/// <param name="KeptBytes">What the program returned: how many bytes of the packet the socket would keep (0: dropped).</param>
/// <param name="Duration">The kernel's average time per run, to the nearest 100 ns tick.</param>
public readonly record struct SocketFilterTestRunResult(uint KeptBytes, TimeSpan Duration)
{
    /// <summary>The kernel's average time per run in nanoseconds, unrounded.</summary>
    public uint DurationNanoseconds { get; init; }
}

/// <summary>The outcome of <c>CgroupSkbProgram.TestRun</c>.</summary>
/// <param name="Action">The verdict the program returned.</param>
/// <param name="Duration">The kernel's average time per run, to the nearest 100 ns tick.</param>
public readonly record struct CgroupSkbTestRunResult(CgroupSkbAction Action, TimeSpan Duration)
{
    /// <summary>The kernel's average time per run in nanoseconds, unrounded.</summary>
    public uint DurationNanoseconds { get; init; }
}

/// <summary>The outcome of <c>SkLookupProgram.TestRun</c>.</summary>
/// <param name="Action">The verdict the program returned.</param>
/// <param name="SocketCookie">
/// The socket cookie of the socket the program assigned (compare with <see cref="SocketCookies.Get"/>),
/// or 0 when it assigned none.
/// </param>
/// <param name="Duration">The kernel's average time per run, to the nearest 100 ns tick.</param>
public readonly record struct SkLookupTestRunResult(SkAction Action, ulong SocketCookie, TimeSpan Duration)
{
    /// <summary>The kernel's average time per run in nanoseconds, unrounded.</summary>
    public uint DurationNanoseconds { get; init; }
}
