using System;
using System.Collections.Generic;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// What libbpf prints. The runtime replaces libbpf's stderr printer with its own, keeps the most
/// recent warning and info lines here, attaches the relevant ones to exceptions and to
/// <see cref="BpfObject.LoadWarnings"/>, and forwards every line to <see cref="LibbpfMessage"/>.
/// </summary>
public static class BpfDiagnostics
{
    private const int RecentCapacity = 200;

    private static readonly Queue<string> s_recent = new();
    private static readonly object s_gate = new();
    private static Action<LibbpfLogLevel, string>? s_handlers;

    /// <summary>
    /// Raised for every line libbpf prints (debug lines only with <see cref="IncludeDebugMessages"/>),
    /// on the thread that called into libbpf. Handler exceptions are swallowed: libbpf is C code.
    /// </summary>
    public static event Action<LibbpfLogLevel, string>? LibbpfMessage
    {
        add { lock (s_gate) s_handlers += value; }
        remove { lock (s_gate) s_handlers -= value; }
    }

    /// <summary>Whether libbpf's debug lines are formatted and sent to <see cref="LibbpfMessage"/>.</summary>
    public static bool IncludeDebugMessages { get; set; }

    /// <summary>The last 200 warning and info lines libbpf printed in this process, oldest first.</summary>
    public static IReadOnlyList<string> RecentLibbpfMessages
    {
        get { lock (s_gate) return [.. s_recent]; }
    }

    internal static bool WantsDebug => IncludeDebugMessages && s_handlers is not null;

    internal static void Publish(LibbpfLogLevel level, string line)
    {
        Action<LibbpfLogLevel, string>? current;
        lock (s_gate)
        {
            if (level != LibbpfLogLevel.Debug)
            {
                if (s_recent.Count == RecentCapacity)
                    s_recent.Dequeue();
                s_recent.Enqueue(line);
            }
            current = s_handlers;
        }
        current?.Invoke(level, line);
    }
}
