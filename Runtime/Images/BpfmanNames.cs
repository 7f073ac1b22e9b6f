namespace CodeFirstBpf.Runtime.Images;

/// <summary>
/// The spellings bpfman uses in the <c>io.ebpf.programs</c> and <c>io.ebpf.maps</c> labels, by the
/// kernel's <c>enum bpf_prog_type</c> and <c>enum bpf_map_type</c> numbers. Transcribed from
/// bpfman's <c>bpfman/src/types.rs</c> (<c>BpfProgType</c> and <c>MapType</c> Display), which
/// its <c>image build</c> writes and its puller reads: kprobes are all "probe", fentry/fexit "tracing".
/// </summary>
internal static class BpfmanNames
{
    private static readonly string[] s_programTypes =
    [
        "unspec", "socket_filter", "probe", "tc", "sched_act", "tracepoint", "xdp", "perf_event",
        "cgroup_skb", "cgroup_sock", "lwt_in", "lwt_out", "lwt_xmit", "sock_ops", "sk_skb",
        "cgroup_device", "sk_msg", "raw_tracepoint", "cgroup_sock_addr", "lwt_seg6local", "lirc_mode2",
        "sk_reuseport", "flow_dissector", "cgroup_sysctl", "raw_tracepoint_writable", "cgroup_sockopt",
        "tracing", "struct_ops", "ext", "lsm", "sk_lookup", "syscall", "netfilter",
    ];

    // 19 (cgroup_storage) and 21 (per_cpu_cgroup_storage) are spelled too, though bpfman's table from numbers skips them.
    private static readonly string[] s_mapTypes =
    [
        "unspec", "hash", "array", "prog_array", "perf_event_array", "per_cpu_hash", "per_cpu_array",
        "stack_trace", "cgroup_array", "lru_hash", "lru_per_cpu_hash", "lpm_trie", "array_of_maps",
        "hash_of_maps", "devmap", "sockmap", "cpumap", "xskmap", "sockhash", "cgroup_storage",
        "reuseport_sockarray", "per_cpu_cgroup_storage", "queue", "stack", "sk_storage", "devmap_hash",
        "struct_ops", "ringbuf", "inode_storage", "task_storage", "bloom_filter", "user_ringbuf",
        "cgrp_storage", "arena",
    ];

    /// <summary>bpfman's name for a kernel program type, or null when bpfman has none.</summary>
    public static string? ProgramType(uint type) => type < s_programTypes.Length ? s_programTypes[type] : null;

    /// <summary>bpfman's name for a kernel map type, or null when bpfman has none.</summary>
    public static string? MapType(uint type) => type < s_mapTypes.Length ? s_mapTypes[type] : null;
}
