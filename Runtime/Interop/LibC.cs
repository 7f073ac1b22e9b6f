using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime.Interop;

/// <summary>The few libc functions the runtime needs beyond libbpf.</summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc.so.6";

    internal const int FDupFdCloexec = 1030;
    internal const long BpfFsMagic = 0xcafe4a11;

    internal const int ProtRead = 1;
    internal const int ProtWrite = 2;
    internal const int MapShared = 1;

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int close(int fd);

    /// <summary>Moves the calling thread into the namespace <paramref name="fd"/> refers to.</summary>
    [LibraryImport(Library, SetLastError = true)]
    internal static partial int setns(int fd, int namespaceType);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int munmap(void* address, nuint length);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint if_nametoindex(string name);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial byte* if_indextoname(uint index, byte* name);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int statfs(string path, void* buffer);

    // va_list is passed through untouched: on x86-64 and arm64 Linux it reaches a callee as a pointer.
    [LibraryImport(Library)]
    internal static partial int vsnprintf(byte* buffer, nuint size, byte* format, nint args);
}
