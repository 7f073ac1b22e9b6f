using System.IO;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime.Loading;

/// <summary>Checks that a pin directory lives on a BPF filesystem, creating it there if needed.</summary>
internal static unsafe class BpfFileSystem
{
    internal static void EnsureDirectory(string directory)
    {
        string full = Path.GetFullPath(directory);
        string? existing = full;
        while (existing is not null && !Directory.Exists(existing))
            existing = Path.GetDirectoryName(existing);
        if (existing is null || !IsBpfFs(existing))
            throw BpfErrors.NotOnBpfFs(full);
        Directory.CreateDirectory(full);
    }

    internal static bool IsBpfFs(string path)
    {
        // struct statfs starts with the filesystem magic (f_type, a long) on 64-bit Linux.
        long* buffer = stackalloc long[32];
        return LibC.statfs(path, buffer) == 0 && (buffer[0] & 0xffffffffL) == LibC.BpfFsMagic;
    }
}
