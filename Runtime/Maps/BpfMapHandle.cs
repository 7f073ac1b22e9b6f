using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;
using CodeFirstBpf.Runtime.Loading;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// A map of a loaded object (or opened from a pin), untyped: its kernel facts and raw byte access.
/// The typed classes (<see cref="ArrayMap{TValue}"/>, <see cref="HashMap{TKey, TValue}"/>, …) wrap it.
/// </summary>
public sealed unsafe partial class BpfMapHandle : IDisposable
{
    private readonly BpfFdHandle _fd;

    private BpfMapHandle(string name, BpfFdHandle fd, in BpfMapInfo info, string? pinPath)
    {
        Name = name;
        _fd = fd;
        Id = info.Id;
        Type = info.Type;
        KeySize = info.KeySize;
        ValueSize = info.ValueSize;
        MaxEntries = info.MaxEntries;
        Flags = info.MapFlags;
        _access = AccessFlags(fd);
        PinPath = pinPath;
        BtfId = info.BtfId;
        BtfKeyTypeId = info.BtfKeyTypeId;
        BtfValueTypeId = info.BtfValueTypeId;
    }

    /// <summary>The kernel id of the BTF that describes the key and value, or 0 when the map has none.</summary>
    public uint BtfId { get; }

    /// <summary>The key's type id in <see cref="BtfId"/> (0: not described).</summary>
    public uint BtfKeyTypeId { get; }

    /// <summary>The value's type id in <see cref="BtfId"/> (0: not described).</summary>
    public uint BtfValueTypeId { get; }

    /// <summary>The map's name: the full ELF name for an object's map, the kernel's (at most 15 characters) for a pinned one.</summary>
    public string Name { get; }

    /// <summary>The map's file descriptor; valid until the map or its object is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The map was disposed.</exception>
    public int Fd
    {
        get
        {
            ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
            return (int)_fd.DangerousGetHandle();
        }
    }

    /// <summary>The kernel's id of the map, as <c>bpftool map</c> shows it.</summary>
    public uint Id { get; }

    /// <summary>The kernel's <c>enum bpf_map_type</c> value.</summary>
    public uint Type { get; }

    /// <summary><see cref="Type"/> as an enum.</summary>
    public BpfMapType MapType => (BpfMapType)Type;

    /// <summary>The key size in bytes.</summary>
    public uint KeySize { get; }

    /// <summary>The value size in bytes (of one CPU's value for per-CPU maps).</summary>
    public uint ValueSize { get; }

    /// <summary>The map's <c>max_entries</c>.</summary>
    public uint MaxEntries { get; }

    /// <summary>The map's <c>map_flags</c> (<c>BPF_F_NO_PREALLOC</c>, …).</summary>
    public uint Flags { get; }

    /// <summary>
    /// The flags the map was created with: its <c>map_flags</c> as <c>bpf_map_info</c> reports them (the
    /// kernel may add its own, e.g. <see cref="MapFlags.ReadOnlyProgram"/> on a devmap), and
    /// <see cref="MapFlags.ReadOnlyUser"/>/<see cref="MapFlags.WriteOnlyUser"/>, which the kernel keeps on
    /// the map's descriptor instead (its access mode), not in <c>map_flags</c>.
    /// </summary>
    public MapFlags MapFlags => (MapFlags)(Flags | _access);

    private readonly uint _access;

    /// <summary><c>BPF_F_RDONLY</c> or <c>BPF_F_WRONLY</c> from the descriptor's access mode (<c>/proc/self/fdinfo</c>), 0 for read-write.</summary>
    private static uint AccessFlags(BpfFdHandle fd)
    {
        using Lease lease = fd.Lease();
        try
        {
            foreach (string line in System.IO.File.ReadLines($"/proc/self/fdinfo/{lease.Fd}"))
            {
                if (!line.StartsWith("flags:", StringComparison.Ordinal)) continue;
                int mode = Convert.ToInt32(line["flags:".Length..].Trim(), 8) & 3; // O_ACCMODE
                return mode == 0 ? (uint)MapFlags.ReadOnlyUser : mode == 1 ? (uint)MapFlags.WriteOnlyUser : 0;
            }
        }
        catch (System.IO.IOException)
        {
            // No procfs: the access flags are unknown, and reported as none.
        }
        return 0;
    }

    /// <summary>The bpffs path the map is pinned at, or null.</summary>
    public string? PinPath { get; private set; }

    /// <summary>Whether every CPU has its own value (per-CPU hash, array and cgroup storage maps).</summary>
    public bool IsPerCpu => MapType is BpfMapType.PerCpuHash or BpfMapType.PerCpuArray
        or BpfMapType.LruPerCpuHash or BpfMapType.PerCpuCgroupStorage;

    /// <summary>
    /// The bytes one lookup returns: <see cref="ValueSize"/>, or for per-CPU maps the number of
    /// possible CPUs times <see cref="ValueSize"/> rounded up to 8.
    /// </summary>
    public int ValueBufferSize => IsPerCpu ? PerCpu.PossibleCpus * PerCpu.Stride((int)ValueSize) : (int)ValueSize;

    /// <summary>Opens a map pinned on bpffs, e.g. by another process.</summary>
    /// <exception cref="BpfException">Nothing is pinned there, or it is not a map.</exception>
    public static BpfMapHandle OpenPinned(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NativeLibraries.EnsureLibbpf();
        int raw = LibBpf.bpf_obj_get(path);
        if (raw < 0)
            throw BpfErrors.PinFailure(raw, $"Opening the pinned map at '{path}'", path);
        BpfFdHandle handle = BpfFdHandle.Own(raw);
        try
        {
            BpfMapInfo info = QueryInfo(handle, path);
            string name = Marshal.PtrToStringUTF8((nint)info.Name) ?? "";
            return new BpfMapHandle(name, handle, info, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens any map of the machine by its kernel id (as <c>bpftool map</c> lists it).</summary>
    /// <exception cref="BpfException">No map has that id, or the caller may not open it.</exception>
    public static BpfMapHandle OpenById(uint id)
    {
        NativeLibraries.EnsureLibbpf();
        int raw = LibBpf.bpf_map_get_fd_by_id(id);
        if (raw < 0)
            throw BpfErrors.FromErrno(raw, $"Opening map id {id}");
        BpfFdHandle handle = BpfFdHandle.Own(raw);
        try
        {
            BpfMapInfo info = QueryInfo(handle, "id " + id);
            return new BpfMapHandle(Marshal.PtrToStringUTF8((nint)info.Name) ?? "", handle, info, pinPath: null);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Pins the map at <paramref name="path"/> on bpffs, so it outlives this process.</summary>
    /// <exception cref="BpfException">The path is not on bpffs or already exists.</exception>
    public void Pin(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using Lease lease = Lease();
        int error = LibBpf.bpf_obj_pin(lease.Fd, path);
        if (error < 0)
            throw BpfErrors.PinFailure(error, $"Pinning map '{Name}' at '{path}'", path);
        PinPath = path;
    }

    /// <summary>Looks up a raw key; <paramref name="value"/> needs <see cref="ValueBufferSize"/> bytes.</summary>
    /// <returns>False when the key is absent.</returns>
    public bool TryLookup(ReadOnlySpan<byte> key, Span<byte> value)
    {
        CheckKey(key);
        if (value.Length < ValueBufferSize)
            throw new ArgumentException($"Map '{Name}' needs a {ValueBufferSize}-byte value buffer, but this one has {value.Length} bytes.", nameof(value));
        fixed (byte* k = key)
        fixed (byte* v = value)
            return LookupResult(Lookup(k, v));
    }

    /// <summary>Creates or replaces a raw entry; <paramref name="value"/> has <see cref="ValueBufferSize"/> bytes.</summary>
    /// <returns>False when <paramref name="flags"/> forbade the update (the key existed, or did not).</returns>
    /// <exception cref="BpfException">The map is full or the kernel refused.</exception>
    public bool Update(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, MapUpdate flags = MapUpdate.Any)
    {
        CheckKey(key);
        if (value.Length != ValueBufferSize)
            throw new ArgumentException($"Map '{Name}' takes {ValueBufferSize}-byte values, but this one has {value.Length} bytes.", nameof(value));
        fixed (byte* k = key)
        fixed (byte* v = value)
            return UpdateResult(Update(k, v, flags), flags);
    }

    /// <summary>Deletes a raw key.</summary>
    /// <returns>False when the key was absent.</returns>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        fixed (byte* k = key)
            return DeleteResult(Delete(k));
    }

    /// <summary>
    /// Every entry as raw bytes, in the kernel's iteration order. For per-CPU maps each value holds
    /// every CPU's value, each rounded up to 8 bytes. Entries changed during the walk may be missed
    /// or seen twice, as with any <c>bpf_map_get_next_key</c> walk.
    /// </summary>
    public IEnumerable<(byte[] Key, byte[] Value)> DumpRaw()
    {
        byte[]? previous = null;
        while (true)
        {
            byte[] key = new byte[KeySize];
            if (!NextKey(previous, key))
                yield break;
            previous = key;
            byte[] value = new byte[ValueBufferSize];
            if (TryLookup(key, value))
                yield return (key, value);
        }
    }

    /// <summary>Every key as raw bytes, in the kernel's iteration order.</summary>
    public IEnumerable<byte[]> KeysRaw()
    {
        byte[]? previous = null;
        while (true)
        {
            byte[] key = new byte[KeySize];
            if (!NextKey(previous, key))
                yield break;
            previous = key;
            yield return key;
        }
    }

    /// <summary>Closes this handle's descriptor (the map lives on while something else holds it).</summary>
    public void Dispose() => _fd.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"{MapType} map '{Name}' (id {Id}, key {KeySize} B, value {ValueSize} B, {MaxEntries} entries)";

    internal static BpfMapHandle FromLoaded(nint map)
    {
        string name = ObjectLoader.FromUtf8z(LibBpf.bpf_map__name(map)) ?? "?";
        BpfFdHandle handle = BpfFdHandle.Duplicate(LibBpf.bpf_map__fd(map), $"map '{name}'");
        try
        {
            return new BpfMapHandle(name, handle, QueryInfo(handle, name), ObjectLoader.FromUtf8z(LibBpf.bpf_map__pin_path(map)));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    // The primitives below return 0 or -errno; the typed maps turn that into bool or exceptions.

    internal Lease Lease() => _fd.Lease();

    internal BpfFdHandle FdHandle => _fd;

    internal int Lookup(void* key, void* value)
    {
        using Lease lease = _fd.Lease();
        return LibBpf.bpf_map_lookup_elem(lease.Fd, key, value);
    }

    internal int Update(void* key, void* value, MapUpdate flags)
    {
        using Lease lease = _fd.Lease();
        return LibBpf.bpf_map_update_elem(lease.Fd, key, value, (ulong)flags);
    }

    internal int Delete(void* key)
    {
        using Lease lease = _fd.Lease();
        return LibBpf.bpf_map_delete_elem(lease.Fd, key);
    }

    internal int LookupAndDelete(void* key, void* value)
    {
        using Lease lease = _fd.Lease();
        return LibBpf.bpf_map_lookup_and_delete_elem(lease.Fd, key, value);
    }

    internal int NextKey(void* key, void* nextKey)
    {
        using Lease lease = _fd.Lease();
        return LibBpf.bpf_map_get_next_key(lease.Fd, key, nextKey);
    }

    internal bool LookupResult(int error) => error switch
    {
        0 => true,
        -Errno.ENOENT => false,
        -Errno.EPERM when (MapFlags & MapFlags.WriteOnlyUser) != 0 => throw AccessRefused("Looking up a key in", "WriteOnlyUser", "write"),
        _ => throw BpfErrors.FromErrno(error, $"Looking up a key in map '{Name}'"),
    };

    /// <summary>EPERM from a map created with <c>BPF_F_RDONLY</c>/<c>BPF_F_WRONLY</c>: the flag, not privileges, refused it.</summary>
    private BpfException AccessRefused(string action, string flag, string may)
        => new($"{action} map '{Name}' was refused: the map was created with MapFlags.{flag}, so userspace may only {may} it.", Errno.EPERM);

    internal bool UpdateResult(int error, MapUpdate flags) => error switch
    {
        0 => true,
        -Errno.EEXIST when flags == MapUpdate.NoExist => false,
        -Errno.ENOENT when flags == MapUpdate.Exist => false,
        -Errno.E2BIG => throw new BpfException(
            $"Map '{Name}' is full ({MaxEntries} entries): remove entries first, or declare it with more entries or as an LRU map.", Errno.E2BIG),
        -Errno.EPERM when (MapFlags & MapFlags.ReadOnlyUser) != 0 => throw AccessRefused("Updating", "ReadOnlyUser", "read"),
        _ => throw BpfErrors.FromErrno(error, $"Updating map '{Name}'"),
    };

    internal bool DeleteResult(int error) => error switch
    {
        0 => true,
        -Errno.ENOENT => false,
        -Errno.EPERM when (MapFlags & MapFlags.ReadOnlyUser) != 0 => throw AccessRefused("Deleting a key from", "ReadOnlyUser", "read"),
        _ => throw BpfErrors.FromErrno(error, $"Deleting a key from map '{Name}'"),
    };

    /// <summary>Advances a key walk; false at the end.</summary>
    internal bool NextKeyResult(int error) => error switch
    {
        0 => true,
        -Errno.ENOENT => false,
        _ => throw BpfErrors.FromErrno(error, $"Walking the keys of map '{Name}'"),
    };

    private bool NextKey(byte[]? previous, byte[] next)
    {
        fixed (byte* p = previous)
        fixed (byte* n = next)
            return NextKeyResult(NextKey(p, n));
    }

    private void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
            throw new ArgumentException($"Map '{Name}' takes {KeySize}-byte keys, but this one has {key.Length} bytes.", nameof(key));
    }

    private static BpfMapInfo QueryInfo(BpfFdHandle handle, string what)
    {
        BpfMapInfo info = default;
        uint length = (uint)sizeof(BpfMapInfo);
        using Lease lease = handle.Lease();
        int error = LibBpf.bpf_obj_get_info_by_fd(lease.Fd, &info, &length);
        if (error < 0)
            throw BpfErrors.FromErrno(error, $"Reading the description of map '{what}'");
        // Program and link descriptors answer the same query, so ask the descriptor what it is.
        string? target = new System.IO.FileInfo($"/proc/self/fd/{lease.Fd}").LinkTarget;
        if (target is not null && target != "anon_inode:bpf-map")
            throw new BpfException($"'{what}' is not a BPF map but {target}.", Errno.EINVAL);
        return info;
    }
}
