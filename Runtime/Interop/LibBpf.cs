using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime.Interop;

/// <summary>
/// P/Invoke declarations for the libbpf 1.1 API. Every function that returns <c>int</c> returns
/// a negative errno on failure (libbpf 1.0 semantics); functions returning pointers return null
/// and set <c>errno</c>. Layout-sensitive structs live in LibBpfStructs.cs.
/// </summary>
internal static unsafe partial class LibBpf
{
    internal const string Library = "libbpf.so.1";

    // Objects.
    [LibraryImport(Library, SetLastError = true)]
    internal static partial nint bpf_object__open_mem(void* buffer, nuint size, BpfObjectOpenOpts* opts);

    [LibraryImport(Library)]
    internal static partial int bpf_object__load(nint obj);

    [LibraryImport(Library)]
    internal static partial void bpf_object__close(nint obj);

    [LibraryImport(Library)]
    internal static partial nint bpf_object__next_program(nint obj, nint previous);

    [LibraryImport(Library)]
    internal static partial nint bpf_object__next_map(nint obj, nint previous);

    // Programs.
    [LibraryImport(Library)]
    internal static partial byte* bpf_program__name(nint prog);

    [LibraryImport(Library)]
    internal static partial byte* bpf_program__section_name(nint prog);

    [LibraryImport(Library)]
    internal static partial int bpf_program__fd(nint prog);

    [LibraryImport(Library)]
    internal static partial uint bpf_program__type(nint prog);

    [LibraryImport(Library)]
    internal static partial uint bpf_program__expected_attach_type(nint prog);

    [LibraryImport(Library)]
    internal static partial int bpf_program__set_log_level(nint prog, uint level);

    [LibraryImport(Library)]
    internal static partial int bpf_program__set_log_buf(nint prog, byte* buffer, nuint size);

    [LibraryImport(Library)]
    internal static partial int bpf_prog_test_run_opts(int progFd, BpfTestRunOpts* opts);

    // Maps (object side).
    [LibraryImport(Library)]
    internal static partial byte* bpf_map__name(nint map);

    [LibraryImport(Library)]
    internal static partial int bpf_map__fd(nint map);

    [LibraryImport(Library)]
    internal static partial uint bpf_map__type(nint map);

    /// <summary>Whether libbpf made the map for a global section (.rodata, .data, .bss, .kconfig); C bool.</summary>
    [LibraryImport(Library)]
    internal static partial byte bpf_map__is_internal(nint map);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int bpf_map__set_pin_path(nint map, string path);

    [LibraryImport(Library)]
    internal static partial byte* bpf_map__pin_path(nint map);

    [LibraryImport(Library)]
    internal static partial void* bpf_map__initial_value(nint map, nuint* size);

    [LibraryImport(Library)]
    internal static partial int bpf_map__set_initial_value(nint map, void* data, nuint size);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint bpf_object__find_map_by_name(nint obj, string name);

    // BTF of an object (struct btf_type layouts are in BtfTypes.cs).
    [LibraryImport(Library)]
    internal static partial nint bpf_object__btf(nint obj);

    [LibraryImport(Library)]
    internal static partial uint btf__type_cnt(nint btf);

    [LibraryImport(Library)]
    internal static partial BtfType* btf__type_by_id(nint btf, uint id);

    [LibraryImport(Library)]
    internal static partial byte* btf__name_by_offset(nint btf, uint offset);

    // Maps (fd side).
    [LibraryImport(Library)]
    internal static partial int bpf_map_lookup_elem(int fd, void* key, void* value);

    [LibraryImport(Library)]
    internal static partial int bpf_map_update_elem(int fd, void* key, void* value, ulong flags);

    [LibraryImport(Library)]
    internal static partial int bpf_map_delete_elem(int fd, void* key);

    [LibraryImport(Library)]
    internal static partial int bpf_map_lookup_and_delete_elem(int fd, void* key, void* value);

    [LibraryImport(Library)]
    internal static partial int bpf_map_get_next_key(int fd, void* key, void* nextKey);

    [LibraryImport(Library)]
    internal static partial int bpf_map_lookup_batch(int fd, void* inBatch, void* outBatch, void* keys, void* values, uint* count, BpfMapBatchOpts* opts);

    [LibraryImport(Library)]
    internal static partial int bpf_map_lookup_and_delete_batch(int fd, void* inBatch, void* outBatch, void* keys, void* values, uint* count, BpfMapBatchOpts* opts);

    [LibraryImport(Library)]
    internal static partial int bpf_map_update_batch(int fd, void* keys, void* values, uint* count, BpfMapBatchOpts* opts);

    [LibraryImport(Library)]
    internal static partial int bpf_map_delete_batch(int fd, void* keys, uint* count, BpfMapBatchOpts* opts);

    // Generic objects.
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int bpf_obj_pin(int fd, string path);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int bpf_obj_get(string path);

    [LibraryImport(Library)]
    internal static partial int bpf_obj_get_info_by_fd(int fd, void* info, uint* infoLength);

    // Links and attachment.
    [LibraryImport(Library)]
    internal static partial int bpf_link_create(int progFd, int targetFd, uint attachType, BpfLinkCreateOpts* opts);

    [LibraryImport(Library)]
    internal static partial int bpf_link_update(int linkFd, int newProgFd, void* opts);

    [LibraryImport(Library)]
    internal static partial int bpf_xdp_attach(int ifindex, int progFd, uint flags, BpfXdpAttachOpts* opts);

    [LibraryImport(Library)]
    internal static partial int bpf_xdp_detach(int ifindex, uint flags, BpfXdpAttachOpts* opts);

    [LibraryImport(Library)]
    internal static partial int bpf_tc_hook_create(BpfTcHook* hook);

    [LibraryImport(Library)]
    internal static partial int bpf_tc_hook_destroy(BpfTcHook* hook);

    [LibraryImport(Library)]
    internal static partial int bpf_tc_attach(BpfTcHook* hook, BpfTcOpts* opts);

    [LibraryImport(Library)]
    internal static partial int bpf_tc_detach(BpfTcHook* hook, BpfTcOpts* opts);

    // Ring buffers.
    [LibraryImport(Library, SetLastError = true)]
    internal static partial nint ring_buffer__new(int mapFd, delegate* unmanaged<void*, void*, nuint, int> sample, void* context, void* opts);

    [LibraryImport(Library)]
    internal static partial void ring_buffer__free(nint ringBuffer);

    [LibraryImport(Library)]
    internal static partial int ring_buffer__poll(nint ringBuffer, int timeoutMilliseconds);

    [LibraryImport(Library)]
    internal static partial int ring_buffer__consume(nint ringBuffer);

    // Perf buffers (the libbpf 1.0 signature: sample and lost callbacks, a context, options may be null).
    [LibraryImport(Library, SetLastError = true)]
    internal static partial nint perf_buffer__new(int mapFd, nuint pagesPerCpu, delegate* unmanaged<void*, int, void*, uint, void> sample,
        delegate* unmanaged<void*, int, ulong, void> lost, void* context, void* opts);

    [LibraryImport(Library)]
    internal static partial void perf_buffer__free(nint perfBuffer);

    [LibraryImport(Library)]
    internal static partial int perf_buffer__poll(nint perfBuffer, int timeoutMilliseconds);

    [LibraryImport(Library)]
    internal static partial int perf_buffer__consume(nint perfBuffer);

    // Library-wide.
    [LibraryImport(Library)]
    internal static partial int libbpf_num_possible_cpus();

    [LibraryImport(Library)]
    internal static partial int libbpf_strerror(int error, byte* buffer, nuint size);

    [LibraryImport(Library)]
    internal static partial nint libbpf_set_print(delegate* unmanaged<int, byte*, nint, int> callback);
}
