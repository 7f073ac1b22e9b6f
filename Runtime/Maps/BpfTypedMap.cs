using System;
using System.Runtime.CompilerServices;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// The base of the typed maps: a <see cref="BpfMapHandle"/> whose type, key size and value size
/// were checked against the .NET types when the typed map was created.
/// </summary>
public abstract class BpfTypedMap
{
    private protected BpfTypedMap(BpfMapHandle handle, string className, int keySize, string keyType, int valueSize, string valueType, params BpfMapType[] mapTypes)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (Array.IndexOf(mapTypes, handle.MapType) < 0)
            throw new BpfException($"Map '{handle.Name}' is a {handle.MapType} map, so it cannot be opened as {className}: use {Suggest(handle.MapType)}.", Errno.EINVAL);
        if (handle.KeySize != keySize)
            throw new BpfException($"Map '{handle.Name}' has {handle.KeySize}-byte keys, but {keyType} is {keySize} bytes: declare the key type the map was built with.", Errno.EINVAL);
        if (handle.ValueSize != valueSize)
            throw new BpfException($"Map '{handle.Name}' has {handle.ValueSize}-byte values, but {valueType} is {valueSize} bytes: declare the value type the map was built with.", Errno.EINVAL);
        Handle = handle;
    }

    /// <summary>The untyped map underneath.</summary>
    public BpfMapHandle Handle { get; }

    /// <summary>The map's name.</summary>
    public string Name => Handle.Name;

    /// <summary>The map's <c>max_entries</c>.</summary>
    public uint MaxEntries => Handle.MaxEntries;

    /// <summary>The flags the map was created with, as the kernel reports them.</summary>
    public MapFlags Flags => Handle.MapFlags;

    /// <inheritdoc />
    public override string ToString() => Handle.ToString();

    private protected static BpfMapHandle MapOf(BpfObject obj, string name)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return obj.GetMap(name);
    }

    private protected static int SizeOf<T>() where T : unmanaged => Unsafe.SizeOf<T>();

    private static string Suggest(BpfMapType type) => type switch
    {
        BpfMapType.Array => "ArrayMap<TValue>",
        BpfMapType.Hash => "HashMap<TKey, TValue>",
        BpfMapType.LruHash => "LruHashMap<TKey, TValue>",
        BpfMapType.PerCpuArray => "PerCpuArrayMap<TValue>",
        BpfMapType.PerCpuHash => "PerCpuHashMap<TKey, TValue>",
        BpfMapType.LruPerCpuHash => "LruPerCpuHashMap<TKey, TValue>",
        _ => "BpfMapHandle for raw access",
    };
}
