using System.IO;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime.Loading;

/// <summary>Checks that a pin directory lives on a BPF filesystem, creating it there if needed.</summary>
internal static unsafe class BpfFileSystem
{
    internal static void EnsureDirectory(string directory)
    {
        if (!IsOnBpfFs(directory))
            throw BpfErrors.NotOnBpfFs(Path.GetFullPath(directory));
        Directory.CreateDirectory(directory);
    }

    /// <summary>Whether <paramref name="path"/>, or its nearest existing ancestor, is on bpffs.</summary>
    internal static bool IsOnBpfFs(string path)
    {
        string? existing = Path.GetFullPath(path);
        while (existing is not null && !Directory.Exists(existing) && !File.Exists(existing))
            existing = Path.GetDirectoryName(existing);
        return existing is not null && IsBpfFs(existing);
    }

    internal static bool IsBpfFs(string path)
    {
        // struct statfs starts with the filesystem magic (f_type, a long) on 64-bit Linux.
        long* buffer = stackalloc long[32];
        return LibC.statfs(path, buffer) == 0 && (buffer[0] & 0xffffffffL) == LibC.BpfFsMagic;
    }
}
