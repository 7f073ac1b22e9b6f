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
    private static readonly HashSet<SafeHandle> s_live = [];
    private static bool s_hooked;

    internal static void Add(SafeHandle attachment)
    {
        lock (s_live)
        {
            if (!s_hooked)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DetachAll();
                s_hooked = true;
            }
            s_live.Add(attachment);
        }
    }

    internal static void Remove(SafeHandle attachment)
    {
        lock (s_live)
            s_live.Remove(attachment);
    }

    internal static void DetachAll()
    {
        SafeHandle[] remaining;
        lock (s_live)
        {
            remaining = [.. s_live];
            s_live.Clear();
        }
        foreach (SafeHandle attachment in remaining)
            attachment.Dispose();
    }
}
