using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>One BPF program loaded on the machine, as <c>bpftool prog show</c> describes it.</summary>
/// <param name="Id">The kernel's program id.</param>
/// <param name="Name">The kernel's name (at most 15 characters).</param>
/// <param name="Type">The program type (<c>xdp</c>, <c>sched_cls</c>, …).</param>
/// <param name="Tag">The program tag, hex.</param>
/// <param name="XlatedBytes">Bytes of verified (xlated) instructions; 8 per instruction.</param>
/// <param name="JitedBytes">Bytes of JIT-compiled code.</param>
/// <param name="VerifiedInstructions">Instructions the verifier processed.</param>
/// <param name="RunCount">Runs counted since <c>kernel.bpf_stats_enabled</c> was set (0 otherwise).</param>
/// <param name="RunTime">Time spent in those runs.</param>
/// <param name="MapIds">Ids of the maps the program uses.</param>
/// <param name="LoadedAt">When it was loaded.</param>
public sealed record BpfProgramSummary(uint Id, string Name, string Type, string Tag, uint XlatedBytes, uint JitedBytes,
    uint VerifiedInstructions, ulong RunCount, TimeSpan RunTime, IReadOnlyList<uint> MapIds, DateTimeOffset LoadedAt);

/// <summary>One BPF map of the machine, as <c>bpftool map show</c> describes it.</summary>
/// <param name="Id">The kernel's map id.</param>
/// <param name="Name">The kernel's name (at most 15 characters).</param>
/// <param name="Type">The map type.</param>
/// <param name="KeySize">Key size in bytes.</param>
/// <param name="ValueSize">Value size in bytes.</param>
/// <param name="MaxEntries">The map's <c>max_entries</c>.</param>
/// <param name="Flags">The map's <c>map_flags</c>.</param>
/// <param name="BtfId">The BTF describing key and value, or 0.</param>
public sealed record BpfMapSummary(uint Id, string Name, BpfMapType Type, uint KeySize, uint ValueSize, uint MaxEntries, uint Flags, uint BtfId);

/// <summary>
/// Every BPF program and map loaded on the machine, by any process (what <c>bpftool prog|map
/// show</c> lists). Needs CAP_SYS_ADMIN (or CAP_BPF) to walk the ids.
/// </summary>
public static unsafe class BpfSystem
{
    /// <summary>Every loaded program, by ascending id. Programs that vanish while walking are skipped.</summary>
    /// <exception cref="BpfException">The caller may not walk program ids.</exception>
    public static IReadOnlyList<BpfProgramSummary> Programs()
    {
        var list = new List<BpfProgramSummary>();
        foreach (uint id in Ids(programs: true))
            if (TryProgram(id) is { } p) list.Add(p);
        return list;
    }

    /// <summary>The program with kernel id <paramref name="id"/>, or null when there is none.</summary>
    public static BpfProgramSummary? Program(uint id) => TryProgram(id);

    /// <summary>Every map, by ascending id. Maps that vanish while walking are skipped.</summary>
    /// <exception cref="BpfException">The caller may not walk map ids.</exception>
    public static IReadOnlyList<BpfMapSummary> Maps()
    {
        var list = new List<BpfMapSummary>();
        foreach (uint id in Ids(programs: false))
        {
            try
            {
                using var map = BpfMapHandle.OpenById(id);
                list.Add(new BpfMapSummary(map.Id, map.Name, map.MapType, map.KeySize, map.ValueSize, map.MaxEntries, map.Flags, map.BtfId));
            }
            catch (BpfException e) when (e.Errno == Errno.ENOENT)
            {
            }
        }
        return list;
    }

    private static List<uint> Ids(bool programs)
    {
        NativeLibraries.EnsureLibbpf();
        var ids = new List<uint>();
        uint id = 0;
        while (true)
        {
            uint next;
            int error = programs ? LibBpf.bpf_prog_get_next_id(id, &next) : LibBpf.bpf_map_get_next_id(id, &next);
            if (error == -Errno.ENOENT) return ids;
            if (error < 0) throw BpfErrors.FromErrno(error, programs ? "Listing the machine's BPF programs" : "Listing the machine's BPF maps");
            ids.Add(id = next);
        }
    }

    private static BpfProgramSummary? TryProgram(uint id)
    {
        NativeLibraries.EnsureLibbpf();
        int fd = LibBpf.bpf_prog_get_fd_by_id(id);
        if (fd == -Errno.ENOENT) return null;
        if (fd < 0) throw BpfErrors.FromErrno(fd, $"Opening program id {id}");
        using var handle = BpfFdHandle.Own(fd);
        // First ask how many maps it uses, then ask again with room for their ids.
        BpfProgInfo info = default;
        uint length = (uint)sizeof(BpfProgInfo);
        int error = LibBpf.bpf_obj_get_info_by_fd(fd, &info, &length);
        if (error < 0) throw BpfErrors.FromErrno(error, $"Describing program id {id}");
        var mapIds = new uint[info.MapIdCount];
        if (mapIds.Length > 0)
            fixed (uint* m = mapIds)
            {
                uint count = info.MapIdCount;
                info = default;
                info.MapIdCount = count;
                info.MapIds = (ulong)m;
                length = (uint)sizeof(BpfProgInfo);
                error = LibBpf.bpf_obj_get_info_by_fd(fd, &info, &length);
                if (error < 0) throw BpfErrors.FromErrno(error, $"Describing program id {id}");
            }
        string name = Marshal.PtrToStringUTF8((nint)info.Name) ?? "";
        string tag = Convert.ToHexString(new ReadOnlySpan<byte>(info.Tag, 8)).ToLowerInvariant();
        return new BpfProgramSummary(info.Id, name, ProgramTypeName(info.Type), tag, info.XlatedLength, info.JitedLength,
            info.VerifiedInstructions, info.RunCount, TimeSpan.FromTicks((long)(info.RunTimeNanoseconds / 100)), mapIds,
            BootTime.Add(TimeSpan.FromTicks((long)(info.LoadTime / 100))));
    }

    /// <summary>The <c>enum bpf_prog_type</c> names bpftool prints.</summary>
    public static string ProgramTypeName(uint type) => type switch
    {
        1 => "socket_filter", 2 => "kprobe", 3 => "sched_cls", 4 => "sched_act", 5 => "tracepoint", 6 => "xdp",
        7 => "perf_event", 8 => "cgroup_skb", 9 => "cgroup_sock", 10 => "lwt_in", 11 => "lwt_out", 12 => "lwt_xmit",
        13 => "sock_ops", 14 => "sk_skb", 15 => "cgroup_device", 16 => "sk_msg", 17 => "raw_tracepoint",
        18 => "cgroup_sock_addr", 19 => "lwt_seg6local", 20 => "lirc_mode2", 21 => "sk_reuseport", 22 => "flow_dissector",
        23 => "cgroup_sysctl", 24 => "raw_tracepoint_writable", 25 => "cgroup_sockopt", 26 => "tracing", 27 => "struct_ops",
        28 => "ext", 29 => "lsm", 30 => "sk_lookup", 31 => "syscall", 32 => "netfilter",
        _ => "type " + type,
    };

    /// <summary>Wall-clock time of boot: load times are CLOCK_BOOTTIME nanoseconds.</summary>
    private static DateTimeOffset BootTime
    {
        get
        {
            double up = double.Parse(System.IO.File.ReadAllText("/proc/uptime").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            return DateTimeOffset.UtcNow - TimeSpan.FromSeconds(up);
        }
    }
}
