using System;
using System.IO;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>Links pinned on bpffs by <see cref="InterfaceLink.Pin"/> (or <c>cfbpf attach</c>), as another process finds them.</summary>
public static class PinnedLinks
{
    /// <summary>
    /// Detaches the program held by the link pinned at <paramref name="path"/> and removes the pin:
    /// the program stops running at once, even if another process still holds the link.
    /// </summary>
    /// <exception cref="BpfException">Nothing is pinned there, it is not a link, or the kernel refused.</exception>
    public static void Detach(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NativeLibraries.EnsureLibbpf();
        int fd = LibBpf.bpf_obj_get(path);
        if (fd < 0) throw BpfErrors.PinFailure(fd, $"Opening the pinned link at '{path}'", path);
        using var handle = BpfFdHandle.Own(fd);
        string? kind = new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        if (kind != "anon_inode:bpf-link")
            throw new BpfException($"'{path}' is not a pinned link but {kind}: 'cfbpf detach' takes the path 'cfbpf attach --pin' printed.", Errno.EINVAL);
        int error = LibBpf.bpf_link_detach(fd);
        if (error < 0) throw BpfErrors.FromErrno(error, $"Detaching the link pinned at '{path}'");
        File.Delete(path);
    }
}
