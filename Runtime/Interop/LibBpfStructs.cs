using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime.Interop;

// Option structs of libbpf 1.1.2 (src/libbpf.h, src/bpf.h), laid out explicitly for LP64.
// Each starts with `size_t sz`, which libbpf uses for forward/backward compatibility: it must be
// the size of the struct as that libbpf version declares it, so the sizes below are the 1.1.2
// sizes including trailing padding (`size_t :0`).

/// <summary><c>struct bpf_object_open_opts</c> (80 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal unsafe struct BpfObjectOpenOpts
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public byte* ObjectName;
    [FieldOffset(16)] public byte RelaxedMaps;
    [FieldOffset(24)] public byte* PinRootPath;
    // 32: removed attach_prog_fd (u32).
    [FieldOffset(40)] public byte* Kconfig;
    [FieldOffset(48)] public byte* BtfCustomPath;
    [FieldOffset(56)] public byte* KernelLogBuffer;
    [FieldOffset(64)] public nuint KernelLogSize;
    [FieldOffset(72)] public uint KernelLogLevel;
}

/// <summary><c>struct bpf_test_run_opts</c> (80 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal unsafe struct BpfTestRunOpts
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public void* DataIn;
    [FieldOffset(16)] public void* DataOut;
    [FieldOffset(24)] public uint DataSizeIn;
    [FieldOffset(28)] public uint DataSizeOut;
    [FieldOffset(32)] public void* ContextIn;
    [FieldOffset(40)] public void* ContextOut;
    [FieldOffset(48)] public uint ContextSizeIn;
    [FieldOffset(52)] public uint ContextSizeOut;
    [FieldOffset(56)] public uint ReturnValue;
    [FieldOffset(60)] public int Repeat;
    [FieldOffset(64)] public uint Duration;
    [FieldOffset(68)] public uint Flags;
    [FieldOffset(72)] public uint Cpu;
    [FieldOffset(76)] public uint BatchSize;
}

/// <summary><c>struct bpf_map_batch_opts</c> (24 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct BpfMapBatchOpts
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public ulong ElementFlags;
    [FieldOffset(16)] public ulong Flags;
}

/// <summary><c>struct bpf_link_create_opts</c> (64 bytes; only <c>flags</c> is used here).</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct BpfLinkCreateOpts
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public uint Flags;
}

/// <summary><c>struct bpf_xdp_attach_opts</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct BpfXdpAttachOpts
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public int OldProgramFd;
}

/// <summary><c>struct bpf_tc_hook</c> (24 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct BpfTcHook
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public int InterfaceIndex;
    [FieldOffset(12)] public uint AttachPoint;
    [FieldOffset(16)] public uint Parent;
}

/// <summary><c>struct bpf_tc_opts</c> (32 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct BpfTcOpts
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public int ProgramFd;
    [FieldOffset(12)] public uint Flags;
    [FieldOffset(16)] public uint ProgramId;
    [FieldOffset(20)] public uint Handle;
    [FieldOffset(24)] public uint Priority;
}

/// <summary>
/// The kernel's <c>struct bpf_prog_info</c> (fields up to 6.x), zero-padded: the kernel accepts a
/// longer buffer whose tail is zero, and fills only what it knows.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal unsafe struct BpfProgInfo
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Id;
    [FieldOffset(8)] public fixed byte Tag[8];
    [FieldOffset(16)] public uint JitedLength;
    [FieldOffset(20)] public uint XlatedLength;
    [FieldOffset(40)] public ulong LoadTime;
    [FieldOffset(52)] public uint MapIdCount;
    [FieldOffset(56)] public ulong MapIds;
    [FieldOffset(64)] public fixed byte Name[16];
    [FieldOffset(128)] public uint BtfId;
    [FieldOffset(192)] public ulong RunTimeNanoseconds;
    [FieldOffset(200)] public ulong RunCount;
    [FieldOffset(208)] public ulong RecursionMisses;
    [FieldOffset(216)] public uint VerifiedInstructions;
}

/// <summary>The head of the kernel's <c>struct bpf_map_info</c>; the rest stays zero.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal unsafe struct BpfMapInfo
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Id;
    [FieldOffset(8)] public uint KeySize;
    [FieldOffset(12)] public uint ValueSize;
    [FieldOffset(16)] public uint MaxEntries;
    [FieldOffset(20)] public uint MapFlags;
    [FieldOffset(24)] public fixed byte Name[16];
    [FieldOffset(64)] public uint BtfId;
    [FieldOffset(68)] public uint BtfKeyTypeId;
    [FieldOffset(72)] public uint BtfValueTypeId;
}

/// <summary>The kernel's <c>struct __sk_buff</c> (192 bytes in 6.x); only test-run fields are named.</summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct SkBuff
{
    [FieldOffset(8)] public uint Mark;
    [FieldOffset(32)] public uint Priority;
    [FieldOffset(36)] public int IngressInterfaceIndex;
    [FieldOffset(40)] public int InterfaceIndex;
}

/// <summary>The kernel's <c>struct bpf_sk_lookup</c> (72 bytes): the context of a socket-lookup test run.</summary>
[StructLayout(LayoutKind.Explicit, Size = 72)]
internal unsafe struct BpfSkLookup
{
    [FieldOffset(0)] public ulong Cookie;
    [FieldOffset(8)] public uint Family;
    [FieldOffset(12)] public uint Protocol;
    [FieldOffset(16)] public uint RemoteIp4;
    [FieldOffset(20)] public fixed byte RemoteIp6[16];
    [FieldOffset(36)] public ushort RemotePort;
    [FieldOffset(40)] public uint LocalIp4;
    [FieldOffset(44)] public fixed byte LocalIp6[16];
    [FieldOffset(60)] public uint LocalPort;
    [FieldOffset(64)] public uint IngressInterfaceIndex;
}

/// <summary>The kernel's <c>struct xdp_md</c> (24 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct XdpMd
{
    [FieldOffset(0)] public uint Data;
    [FieldOffset(4)] public uint DataEnd;
    [FieldOffset(8)] public uint DataMeta;
    [FieldOffset(12)] public int IngressInterfaceIndex;
    [FieldOffset(16)] public uint RxQueueIndex;
    [FieldOffset(20)] public int EgressInterfaceIndex;
}

/// <summary>Kernel UAPI constants used by the runtime.</summary>
internal static class BpfConstants
{
    // enum bpf_prog_type
    internal const uint ProgTypeSocketFilter = 1;
    internal const uint ProgTypeSchedCls = 3;
    internal const uint ProgTypeXdp = 6;
    internal const uint ProgTypeCgroupSkb = 8;
    internal const uint ProgTypeSockOps = 13;
    internal const uint ProgTypeCgroupSockAddr = 18;
    internal const uint ProgTypeSkLookup = 30;

    // SOL_SOCKET options of socket filters
    internal const int SolSocket = 1;
    internal const int SoDetachBpf = 27;
    internal const int SoAttachBpf = 50;
    internal const int SoCookie = 57;

    // enum bpf_attach_type
    internal const uint AttachXdp = 37;
    internal const uint AttachTcxIngress = 46;
    internal const uint AttachTcxEgress = 47;

    // XDP_FLAGS_*
    internal const uint XdpFlagsUpdateIfNoExist = 1u << 0;
    internal const uint XdpFlagsSkbMode = 1u << 1;
    internal const uint XdpFlagsDrvMode = 1u << 2;
    internal const uint XdpFlagsHwMode = 1u << 3;

    // enum bpf_tc_attach_point
    internal const uint TcIngress = 1u << 0;
    internal const uint TcEgress = 1u << 1;
    internal const uint TcReplace = 1u << 0; // BPF_TC_F_REPLACE

    // The kernel refuses verifier log buffers larger than UINT_MAX >> 2.
    internal const int MaxVerifierLogSize = (int)(uint.MaxValue >> 2);
}
