using System;

namespace CodeFirstBpf;

/// <summary>The program types a member of the API may be used from (the kernel's per-type rules).</summary>
[Flags]
public enum BpfProgramKinds
{
    /// <summary>No program type this toolkit makes (e.g. devmap-attached XDP only).</summary>
    None = 0,
    /// <summary>XDP programs.</summary>
    Xdp = 1,
    /// <summary>TC classifier programs.</summary>
    Tc = 2,
    /// <summary>Socket filters (<c>BPF_PROG_TYPE_SOCKET_FILTER</c>).</summary>
    SocketFilter = 4,
    /// <summary>cgroup skb programs (<c>BPF_PROG_TYPE_CGROUP_SKB</c>).</summary>
    CgroupSkb = 8,
    /// <summary>cgroup sockaddr hooks (<c>BPF_PROG_TYPE_CGROUP_SOCK_ADDR</c>).</summary>
    CgroupSockAddr = 16,
    /// <summary>Socket operations (<c>BPF_PROG_TYPE_SOCK_OPS</c>).</summary>
    SockOps = 32,
    /// <summary>Socket lookup (<c>BPF_PROG_TYPE_SK_LOOKUP</c>).</summary>
    SkLookup = 64,
    /// <summary>The types that see a packet through an <c>__sk_buff</c>.</summary>
    Skb = Tc | SocketFilter | CgroupSkb,
    /// <summary>Every program type.</summary>
    All = Xdp | Tc | SocketFilter | CgroupSkb | CgroupSockAddr | SockOps | SkLookup,
}

// The kernel facts of the API, declared once, on the API itself (as ILGPU declares its
// intrinsics): the generator lowers by them, the analyzers check by them, and the running-as-.NET
// stand-ins are the bodies of the same members. Adding a helper, a map kind or a context field is
// one annotated member here.

/// <summary>The kernel helper (<c>BPF_FUNC_*</c> number) a method lowers to, and where it may be called.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class BpfHelperAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public BpfHelperAttribute(int id) => Id = id;

    /// <summary>The helper's number in the kernel's <c>enum bpf_func_id</c>.</summary>
    public int Id { get; }

    /// <summary>The program types whose helper list has it (default: every type).</summary>
    public BpfProgramKinds Programs { get; set; } = BpfProgramKinds.All;

    /// <summary>
    /// The helper may move or resize the packet (the kernel's <c>bpf_helper_changes_pkt_data</c>):
    /// the verifier forgets every packet pointer at the call, and the context's data pointers must
    /// be read again. Without such a call the generator lets LLVM keep them in registers.
    /// </summary>
    public bool ChangesPacketData { get; set; }
}

/// <summary>The kernel map type (<c>BPF_MAP_TYPE_*</c>) a map class declares.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class BpfMapKindAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public BpfMapKindAttribute(int kernelType) => KernelType = kernelType;

    /// <summary>The number in the kernel's <c>enum bpf_map_type</c>.</summary>
    public int KernelType { get; }

    /// <summary>Keys are <c>uint</c> indices (arrays, program arrays, redirect maps).</summary>
    public bool IndexKey { get; set; }

    /// <summary>
    /// The <see cref="MapFlags"/> the kernel lets this map type be created with (its <c>*_CREATE_FLAG_MASK</c>
    /// and <c>map_alloc_check</c>); any other flag is an error at the constructor.
    /// </summary>
    public MapFlags Flags { get; set; }

    /// <summary>The kernel takes maps of this type as the inner maps of a map of maps (the type has <c>map_meta_equal</c>).</summary>
    public bool InnerMap { get; set; }
}

/// <summary>A program context over a kernel struct (<c>xdp_md</c>, <c>__sk_buff</c>).</summary>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
public sealed class BpfContextAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public BpfContextAttribute(string kernelStruct, int size, BpfProgramKinds programs)
    {
        KernelStruct = kernelStruct;
        Size = size;
        Programs = programs;
    }

    /// <summary>The kernel struct's name (for BTF).</summary>
    public string KernelStruct { get; }

    /// <summary>The kernel struct's size in bytes.</summary>
    public int Size { get; }

    /// <summary>The program types that get this context.</summary>
    public BpfProgramKinds Programs { get; }
}

/// <summary>A 32-bit field of the kernel's context struct that a context property reads (and its setter writes).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class BpfContextFieldAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public BpfContextFieldAttribute(string kernelName, int offset)
    {
        KernelName = kernelName;
        Offset = offset;
    }

    /// <summary>The field's name in the kernel struct.</summary>
    public string KernelName { get; }

    /// <summary>Its byte offset in the kernel struct.</summary>
    public int Offset { get; }

    /// <summary>How many consecutive 32-bit words it spans (<c>__sk_buff.cb[5]</c>: 5); the property yields their address.</summary>
    public int Count { get; set; } = 1;

    /// <summary>The program types that may access it, when narrower than the context's.</summary>
    public BpfProgramKinds Programs { get; set; } = BpfProgramKinds.All;
}
