using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime.Interop;

/// <summary><c>struct bpf_map_create_opts</c> of libbpf 1.x (48 bytes; <c>sz</c> first, for compatibility).</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal struct BpfMapCreateOpts
{
    [FieldOffset(0)] public nuint Size;
    [FieldOffset(8)] public uint BtfFd;
    [FieldOffset(12)] public uint BtfKeyTypeId;
    [FieldOffset(16)] public uint BtfValueTypeId;
    [FieldOffset(20)] public uint BtfVmlinuxValueTypeId;
    [FieldOffset(24)] public uint InnerMapFd;
    [FieldOffset(28)] public uint MapFlags;
    [FieldOffset(32)] public ulong MapExtra;
    [FieldOffset(40)] public uint NumaNode;
    [FieldOffset(44)] public uint MapIfIndex;
}

/// <summary>Creating a map outside any object (inner maps of a map of maps).</summary>
internal static unsafe partial class LibBpf
{
    /// <summary><c>bpf_map_create</c> (libbpf 0.7): the new map's fd, or -errno.</summary>
    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int bpf_map_create(uint mapType, string? name, uint keySize, uint valueSize, uint maxEntries, BpfMapCreateOpts* opts);
}
