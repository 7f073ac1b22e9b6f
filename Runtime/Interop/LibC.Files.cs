using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime.Interop;

/// <summary>Non-blocking file reads with <c>poll(2)</c>, for the trace pipe (a read there blocks until a line comes).</summary>
internal static unsafe partial class LibC
{
    internal const int OReadOnly = 0, ONonBlock = 0x800, OCloexec = 0x80000;
    internal const short PollIn = 1;
    internal const int EAgain = 11, EIntr = 4;

    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int poll(PollFd* fds, nuint count, int timeoutMilliseconds);
}
