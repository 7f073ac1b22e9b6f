namespace CodeFirstBpf.Runtime;

/// <summary>The kernel's <c>enum bpf_map_type</c>.</summary>
public enum BpfMapType : uint
{
    /// <summary>Not a valid map type.</summary>
    Unspecified = 0,
    /// <summary><c>BPF_MAP_TYPE_HASH</c> (kernel 3.19).</summary>
    Hash = 1,
    /// <summary><c>BPF_MAP_TYPE_ARRAY</c> (kernel 3.19).</summary>
    Array = 2,
    /// <summary><c>BPF_MAP_TYPE_PROG_ARRAY</c> (kernel 4.2).</summary>
    ProgramArray = 3,
    /// <summary><c>BPF_MAP_TYPE_PERF_EVENT_ARRAY</c> (kernel 4.3).</summary>
    PerfEventArray = 4,
    /// <summary><c>BPF_MAP_TYPE_PERCPU_HASH</c> (kernel 4.6).</summary>
    PerCpuHash = 5,
    /// <summary><c>BPF_MAP_TYPE_PERCPU_ARRAY</c> (kernel 4.6).</summary>
    PerCpuArray = 6,
    /// <summary><c>BPF_MAP_TYPE_STACK_TRACE</c> (kernel 4.6).</summary>
    StackTrace = 7,
    /// <summary><c>BPF_MAP_TYPE_CGROUP_ARRAY</c> (kernel 4.8).</summary>
    CgroupArray = 8,
    /// <summary><c>BPF_MAP_TYPE_LRU_HASH</c> (kernel 4.10).</summary>
    LruHash = 9,
    /// <summary><c>BPF_MAP_TYPE_LRU_PERCPU_HASH</c> (kernel 4.10).</summary>
    LruPerCpuHash = 10,
    /// <summary><c>BPF_MAP_TYPE_LPM_TRIE</c> (kernel 4.11).</summary>
    LpmTrie = 11,
    /// <summary><c>BPF_MAP_TYPE_ARRAY_OF_MAPS</c> (kernel 4.12).</summary>
    ArrayOfMaps = 12,
    /// <summary><c>BPF_MAP_TYPE_HASH_OF_MAPS</c> (kernel 4.12).</summary>
    HashOfMaps = 13,
    /// <summary><c>BPF_MAP_TYPE_DEVMAP</c> (kernel 4.14).</summary>
    DevMap = 14,
    /// <summary><c>BPF_MAP_TYPE_SOCKMAP</c> (kernel 4.14).</summary>
    SockMap = 15,
    /// <summary><c>BPF_MAP_TYPE_CPUMAP</c> (kernel 4.15).</summary>
    CpuMap = 16,
    /// <summary><c>BPF_MAP_TYPE_XSKMAP</c> (kernel 4.18).</summary>
    XskMap = 17,
    /// <summary><c>BPF_MAP_TYPE_SOCKHASH</c> (kernel 4.18).</summary>
    SockHash = 18,
    /// <summary><c>BPF_MAP_TYPE_CGROUP_STORAGE</c> (kernel 4.19).</summary>
    CgroupStorage = 19,
    /// <summary><c>BPF_MAP_TYPE_REUSEPORT_SOCKARRAY</c> (kernel 4.19).</summary>
    ReuseportSockArray = 20,
    /// <summary><c>BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE</c> (kernel 4.20).</summary>
    PerCpuCgroupStorage = 21,
    /// <summary><c>BPF_MAP_TYPE_QUEUE</c> (kernel 4.20).</summary>
    Queue = 22,
    /// <summary><c>BPF_MAP_TYPE_STACK</c> (kernel 4.20).</summary>
    Stack = 23,
    /// <summary><c>BPF_MAP_TYPE_SK_STORAGE</c> (kernel 5.2).</summary>
    SkStorage = 24,
    /// <summary><c>BPF_MAP_TYPE_DEVMAP_HASH</c> (kernel 5.4).</summary>
    DevMapHash = 25,
    /// <summary><c>BPF_MAP_TYPE_STRUCT_OPS</c> (kernel 5.6).</summary>
    StructOps = 26,
    /// <summary><c>BPF_MAP_TYPE_RINGBUF</c> (kernel 5.8).</summary>
    RingBuffer = 27,
    /// <summary><c>BPF_MAP_TYPE_INODE_STORAGE</c> (kernel 5.10).</summary>
    InodeStorage = 28,
    /// <summary><c>BPF_MAP_TYPE_TASK_STORAGE</c> (kernel 5.11).</summary>
    TaskStorage = 29,
    /// <summary><c>BPF_MAP_TYPE_BLOOM_FILTER</c> (kernel 5.16).</summary>
    BloomFilter = 30,
    /// <summary><c>BPF_MAP_TYPE_USER_RINGBUF</c> (kernel 6.1).</summary>
    UserRingBuffer = 31,
    /// <summary><c>BPF_MAP_TYPE_CGRP_STORAGE</c> (kernel 6.2).</summary>
    CgroupStorageV2 = 32,
}
