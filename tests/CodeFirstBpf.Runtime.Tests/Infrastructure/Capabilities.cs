using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime.Tests.Infrastructure;

/// <summary>
/// Drops capabilities from the calling thread's effective set (Linux credentials are per thread),
/// keeping them permitted so Dispose can raise them again. Use it on a thread of its own.
/// </summary>
internal sealed unsafe partial class Capabilities : IDisposable
{
    internal const int NetAdmin = 12;
    internal const int SysAdmin = 21;
    internal const int Perfmon = 38;
    internal const int Bpf = 39;

    private const uint Version3 = 0x20080522;
    private const long SysCapget = 125;
    private const long SysCapset = 126;

    [StructLayout(LayoutKind.Sequential)]
    private struct Header
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Data
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    // glibc's syscall() is an assembly stub that takes its arguments in registers.
    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial long syscall(long number, Header* header, Data* data);

    private readonly Data[] _saved = new Data[2];

    private Capabilities(params int[] capabilities)
    {
        Header header = new() { Version = Version3 };
        Data* data = stackalloc Data[2];
        Check(syscall(SysCapget, &header, data), "capget");
        _saved[0] = data[0];
        _saved[1] = data[1];
        foreach (int capability in capabilities)
            data[capability / 32].Effective &= ~(1u << (capability % 32));
        Check(syscall(SysCapset, &header, data), "capset");
    }

    internal static Capabilities DropEffective(params int[] capabilities) => new(capabilities);

    public void Dispose()
    {
        Header header = new() { Version = Version3 };
        fixed (Data* data = _saved)
            Check(syscall(SysCapset, &header, data), "capset");
    }

    private static void Check(long result, string call)
    {
        if (result < 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), call);
    }
}
