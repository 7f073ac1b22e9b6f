using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Xunit;
using Dp = global::CodeFirstBpf;

namespace CodeFirstBpf.Runtime.Tests;

/// <summary>
/// The one table of which map kinds take which <see cref="MapFlags"/> (<c>[BpfMapKind(Flags = …)]</c>
/// on the Dataplane map classes, which the generator checks constructors against) is the running
/// kernel's: every kind is created with every flag, and the kernel accepts exactly the ones the
/// table lists. The pairs the generator refuses together are refused by the kernel too.
/// </summary>
public sealed unsafe partial class MapFlagTableTests
{
    [StructLayout(LayoutKind.Sequential)]
    private struct MapCreateOpts
    {
        public nuint Size;
        public uint BtfFd, BtfKeyTypeId, BtfValueTypeId, BtfVmlinuxValueTypeId, InnerMapFd, MapFlags;
        public ulong MapExtra;
        public uint NumaNode, MapIfIndex;
    }

    [LibraryImport("libbpf.so.1", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int bpf_map_create(uint type, string? name, uint keySize, uint valueSize, uint maxEntries, MapCreateOpts* opts);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>Each map class with key size, value size and max_entries the kernel accepts for its type.</summary>
    private static readonly (Type Class, uint Key, uint Value, uint Entries)[] s_kinds =
    {
        (typeof(Dp.HashMap<,>), 4, 8, 16), (typeof(Dp.PerCpuHashMap<,>), 4, 8, 16), (typeof(Dp.LruHashMap<,>), 4, 8, 16),
        (typeof(Dp.LruPerCpuHashMap<,>), 4, 8, 16), (typeof(Dp.ArrayMap<>), 4, 8, 16), (typeof(Dp.PerCpuArrayMap<>), 4, 8, 16),
        (typeof(Dp.LpmTrieMap<,>), 8, 8, 16), (typeof(Dp.QueueMap<>), 0, 8, 16), (typeof(Dp.StackMap<>), 0, 8, 16),
        (typeof(Dp.PerfEventArrayMap<>), 4, 4, 2), (typeof(Dp.ProgramArrayMap), 4, 4, 4), (typeof(Dp.DevMap), 4, 4, 4),
        (typeof(Dp.CpuMap), 4, 4, 1), (typeof(Dp.XskMap), 4, 4, 4), (typeof(Dp.RingBufferMap<>), 0, 0, 4096),
        (typeof(Dp.ArrayOfMaps<>), 4, 4, 4), (typeof(Dp.HashOfMaps<,>), 4, 4, 4),
    };

    private static BpfMapKindAttribute Kind(Type t) => t.GetCustomAttribute<BpfMapKindAttribute>()!;

    /// <summary>Creates the map with <paramref name="flags"/>; 0 or the negative errno. A map of maps gets an array as its inner map.</summary>
    private static int Create((Type Class, uint Key, uint Value, uint Entries) kind, MapFlags flags)
    {
        bool mapOfMaps = kind.Class == typeof(Dp.ArrayOfMaps<>) || kind.Class == typeof(Dp.HashOfMaps<,>);
        int inner = mapOfMaps ? Open(s_kinds.First(k => k.Class == typeof(Dp.ArrayMap<>)), MapFlags.None, innerFd: 0) : 0;
        int fd = Open(kind, flags, inner);
        if (inner > 0) Close(inner);
        if (fd >= 0) Close(fd);
        return fd >= 0 ? 0 : fd;
    }

    /// <summary>The new map's fd or the negative errno.</summary>
    private static int Open((Type Class, uint Key, uint Value, uint Entries) kind, MapFlags flags, int innerFd)
    {
        // An LPM trie is refused without NoPrealloc, which the Dataplane sets for the user.
        if (kind.Class == typeof(Dp.LpmTrieMap<,>)) flags |= MapFlags.NoPrealloc;
        var opts = new MapCreateOpts { Size = (nuint)sizeof(MapCreateOpts), MapFlags = (uint)flags, InnerMapFd = (uint)innerFd };
        return bpf_map_create((uint)Kind(kind.Class).KernelType, null, kind.Key, kind.Value, kind.Entries, &opts);
    }

    /// <summary>
    /// The inner-map column of the table (<c>[BpfMapKind(InnerMap = true)]</c>, which BPF2012 reads) is
    /// the kernel's: an array of maps can be created over a template of exactly the kinds it marks.
    /// </summary>
    [SkippableFact]
    public void The_kernel_takes_as_inner_maps_exactly_the_kinds_the_table_marks()
    {
        Kernel.Require();
        var outer = s_kinds.First(k => k.Class == typeof(Dp.ArrayOfMaps<>));
        var wrong = new List<string>();
        foreach (var kind in s_kinds)
        {
            int inner = Open(kind, MapFlags.None, innerFd: kind.Class == outer.Class || kind.Class == typeof(Dp.HashOfMaps<,>) ? Open(s_kinds[4], MapFlags.None, 0) : 0);
            Assert.True(inner > 0, kind.Class.Name + " cannot be created at all");
            int fd = Open(outer, MapFlags.None, inner);
            Close(inner);
            if (fd >= 0) Close(fd);
            if ((fd >= 0) != Kind(kind.Class).InnerMap)
                wrong.Add($"{kind.Class.Name} as an inner map: the kernel says {(fd >= 0 ? "yes" : "no (errno " + -fd + ")")}, the table says {(Kind(kind.Class).InnerMap ? "yes" : "no")}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static IEnumerable<MapFlags> EveryFlag() => Enum.GetValues<MapFlags>().Where(f => f != MapFlags.None);

    [SkippableFact]
    public void The_kernel_accepts_exactly_the_flags_each_map_kind_declares()
    {
        Kernel.Require();
        var wrong = new List<string>();
        foreach (var kind in s_kinds)
        {
            MapFlags allowed = Kind(kind.Class).Flags;
            Assert.True(Create(kind, MapFlags.None) == 0, kind.Class.Name + " cannot be created at all: the test's sizes are wrong");
            foreach (MapFlags flag in EveryFlag())
            {
                int r = Create(kind, flag);
                bool declared = (allowed & flag) != 0;
                if ((r == 0) != declared)
                    wrong.Add($"{kind.Class.Name} with {flag}: the kernel says {(r == 0 ? "yes" : "no (errno " + -r + ")")}, the table says {(declared ? "yes" : "no")}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [SkippableFact]
    public void The_kernel_refuses_the_pairs_the_generator_refuses()
    {
        Kernel.Require();
        var hash = s_kinds[0];
        var lru = s_kinds[2];
        Assert.Equal(0, Create(hash, MapFlags.ReadOnlyUser));
        Assert.Equal(0, Create(hash, MapFlags.ReadOnlyProgram));
        Assert.Equal(0, Create(lru, MapFlags.NumaNode));
        Assert.Equal(0, Create(lru, MapFlags.NoCommonLru));
        Assert.Equal(-Errno.EINVAL, Create(hash, MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser));
        Assert.Equal(-Errno.EINVAL, Create(hash, MapFlags.ReadOnlyProgram | MapFlags.WriteOnlyProgram));
        Assert.Equal(-Errno.EINVAL, Create(lru, MapFlags.NoCommonLru | MapFlags.NumaNode));
        // And takes the rest of a kind's flags together.
        Assert.Equal(0, Create(hash, MapFlags.NoPrealloc | MapFlags.NumaNode | MapFlags.ZeroSeed | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyProgram));
    }
}
