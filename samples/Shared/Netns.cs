using System;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace CodeFirstBpf.Samples;

/// <summary>
/// Runs code inside a network namespace: a dedicated thread joins it with setns(2) and runs the
/// function there. Sockets the function creates stay in that namespace for their whole life, so
/// they may be used from any thread afterwards; no external tool (ip netns exec, nc) is needed.
/// </summary>
public static class Netns
{
    private const int CloneNewNet = 0x40000000;

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);

    /// <summary>Moves the calling thread into the namespace at <paramref name="namespacePath"/> (for a thread that will not return to the pool).</summary>
    public static void Enter(string namespacePath)
    {
        using SafeFileHandle ns = System.IO.File.OpenHandle(namespacePath);
        if (setns((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
            throw new InvalidOperationException($"setns({namespacePath}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Runs <paramref name="body"/> on a fresh thread inside the namespace and returns its result (exceptions come back to the caller).</summary>
    public static T Run<T>(string namespacePath, Func<T> body)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(namespacePath);
                result = body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = "in " + namespacePath };
        thread.Start();
        thread.Join();
        if (failure != null) throw new InvalidOperationException($"in {namespacePath}: {failure.Message}", failure);
        return result;
    }
}
