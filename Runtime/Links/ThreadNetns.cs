using System;
using System.IO;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// The network namespace a thread was in when it attached something by interface index, held open.
/// An interface index means something only inside its namespace: a clsact filter or a netlink XDP
/// attachment made by a thread that had entered another namespace (<c>setns</c>) must be detached
/// there, whichever thread disposes it (a finalizer, a test's cleanup in the root namespace).
/// </summary>
internal sealed class ThreadNetns : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private const string Self = "/proc/thread-self/ns/net";
    private int _fd;

    private ThreadNetns(int fd, string id)
    {
        _fd = fd;
        Id = id;
    }

    /// <summary>The namespace's identity as the kernel names it (<c>net:[4026531840]</c>).</summary>
    public string Id { get; }

    /// <summary>The calling thread's network namespace, or an error naming what failed.</summary>
    public static ThreadNetns Current()
    {
        string id = CurrentId();
        int fd = LibC.open(Self, LibC.OReadOnly | LibC.OCloexec);
        if (fd < 0) throw BpfErrors.FromErrno(System.Runtime.InteropServices.Marshal.GetLastPInvokeError(), "Opening " + Self);
        return new ThreadNetns(fd, id);
    }

    /// <summary>The calling thread's network namespace identity.</summary>
    public static string CurrentId() => new FileInfo(Self).LinkTarget ?? "";

    /// <summary>
    /// Runs <paramref name="action"/> on the calling thread inside this namespace and returns the
    /// thread to its own; false (nothing run) when the thread cannot enter it.
    /// </summary>
    public bool Run(Action action)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        if (CurrentId() == Id)
        {
            action();
            return true;
        }
        int back = LibC.open(Self, LibC.OReadOnly | LibC.OCloexec);
        if (back < 0) return false;
        try
        {
            if (LibC.setns(_fd, CloneNewNet) != 0) return false;
            try
            {
                action();
            }
            finally
            {
                // Returning cannot fail for a namespace this thread was just in, with the same rights.
                LibC.setns(back, CloneNewNet);
            }
            return true;
        }
        finally
        {
            LibC.close(back);
        }
    }

    public void Dispose()
    {
        if (_fd >= 0) LibC.close(_fd);
        _fd = -1;
    }
}
