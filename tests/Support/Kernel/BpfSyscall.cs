using System;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Tests.Support;

/// <summary>
/// The few raw <c>bpf()</c> commands the gate asks the kernel, without libbpf: the question is
/// what the kernel can do, and libbpf's own feature probes and fallbacks would blur the answer.
/// </summary>
internal static unsafe class BpfSyscall
{
    private const int MapCreate = 0;
    private const int ProgLoad = 5;
    private const int LinkCreate = 28;
    private const int AttrSize = 128; // larger than any field used; the kernel checks that the tail is zero

    /// <summary>errno of <c>BPF_MAP_CREATE</c> for a map of that shape, or 0 when the kernel created one.</summary>
    public static int TryCreateMap(uint type, uint keySize, uint valueSize, uint maxEntries)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        ((uint*)attr)[0] = type;
        ((uint*)attr)[1] = keySize;
        ((uint*)attr)[2] = valueSize;
        ((uint*)attr)[3] = maxEntries;
        return CloseOrErrno(Call(MapCreate, attr));
    }

    /// <summary>
    /// Loads <c>r0 = <paramref name="returnValue"/>; exit</c> as a program of <paramref name="type"/>:
    /// the file descriptor, or the negated errno.
    /// </summary>
    public static int LoadTrivialProgram(uint type, int returnValue)
    {
        long* insns = stackalloc long[2];
        insns[0] = 0xb7 | ((long)returnValue << 32); // BPF_ALU64 | BPF_MOV | BPF_K, dst r0
        insns[1] = 0x95;                              // BPF_JMP | BPF_EXIT
        byte* license = stackalloc byte[] { (byte)'G', (byte)'P', (byte)'L', 0 };
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)(attr + 0) = type;
        *(uint*)(attr + 4) = 2;
        *(ulong*)(attr + 8) = (ulong)insns;
        *(ulong*)(attr + 16) = (ulong)license;
        return Call(ProgLoad, attr);
    }

    /// <summary>errno of <c>BPF_LINK_CREATE</c> of <paramref name="programFd"/> at that target, or 0 (the link is closed again at once).</summary>
    public static int TryCreateLink(int programFd, int targetIfIndex, uint attachType)
    {
        byte* attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        ((uint*)attr)[0] = (uint)programFd;
        ((uint*)attr)[1] = (uint)targetIfIndex;
        ((uint*)attr)[2] = attachType;
        return CloseOrErrno(Call(LinkCreate, attr));
    }

    /// <summary>Closes a descriptor this class handed out.</summary>
    public static void Close(int fd) => close(fd);

    /// <summary>The file descriptor, or the negated errno.</summary>
    private static int Call(int command, byte* attr)
    {
        long number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 321,
            Architecture.Arm64 => 280,
            _ => throw new PlatformNotSupportedException($"No bpf() syscall number known for {RuntimeInformation.ProcessArchitecture}."),
        };
        long fd = syscall(number, command, attr, AttrSize);
        return fd < 0 ? -Marshal.GetLastPInvokeError() : (int)fd;
    }

    private static int CloseOrErrno(int result)
    {
        if (result < 0)
            return -result;
        close(result);
        return 0;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern long syscall(long number, long command, void* attr, long size);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
