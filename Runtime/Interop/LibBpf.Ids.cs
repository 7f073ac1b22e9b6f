using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime.Interop;

/// <summary>libbpf calls that walk every BPF object of the machine by id, and read kernel BTF.</summary>
internal static unsafe partial class LibBpf
{
    [LibraryImport(Library, SetLastError = true)]
    internal static partial int bpf_prog_get_next_id(uint startId, uint* nextId);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int bpf_map_get_next_id(uint startId, uint* nextId);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int bpf_prog_get_fd_by_id(uint id);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int bpf_map_get_fd_by_id(uint id);

    /// <summary>The BTF object with kernel id <paramref name="id"/>; free with <see cref="btf__free"/>.</summary>
    [LibraryImport(Library, SetLastError = true)]
    internal static partial nint btf__load_from_kernel_by_id(uint id);

    [LibraryImport(Library)]
    internal static partial void btf__free(nint btf);

    /// <summary>Detaches a BPF link from its hook, whoever else holds it (kernel 5.9).</summary>
    [LibraryImport(Library, SetLastError = true)]
    internal static partial int bpf_link_detach(int linkFd);
}
