using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// Keeps every live attachment reachable and detaches what is left when the process exits.
/// .NET does not run finalisers at exit, and a netlink XDP program or a clsact filter would
/// otherwise stay attached after the process is gone. Holding the handles here also means a
/// link the caller forgot to keep is not detached by a garbage collection at a random moment.
/// </summary>
internal static class AttachmentRegistry
{
    private static readonly HashSet<SafeHandle> Live = [];
    private static bool hooked;

    internal static void Add(SafeHandle attachment)
    {
        lock (Live)
        {
            if (!hooked)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DetachAll();
                hooked = true;
            }
            Live.Add(attachment);
        }
    }

    internal static void Remove(SafeHandle attachment)
    {
        lock (Live)
            Live.Remove(attachment);
    }

    internal static void DetachAll()
    {
        SafeHandle[] remaining;
        lock (Live)
        {
            remaining = [.. Live];
            Live.Clear();
        }
        foreach (SafeHandle attachment in remaining)
            attachment.Dispose();
    }
}
