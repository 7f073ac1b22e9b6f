using System;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// The userspace side of a map of maps: its values are maps shaped like <see cref="InnerTemplate"/>.
/// Userspace creates inner maps (<see cref="CreateInner"/>), fills them, and puts them in by key;
/// BPF code looks them up. The kernel keeps an inner map alive while the outer map holds it, so
/// the handle userspace got from <see cref="CreateInner"/> or <see cref="TryGet"/> may be disposed
/// whenever userspace is done with it.
/// </summary>
/// <typeparam name="TKey">The outer key (<c>uint</c> for an array of maps).</typeparam>
/// <typeparam name="TInner">The typed inner map.</typeparam>
public abstract unsafe class MapOfMapsBase<TKey, TInner> : BpfTypedMap
    where TKey : unmanaged
    where TInner : BpfTypedMap, IBpfInnerMap<TInner>
{
    private protected MapOfMapsBase(BpfMapHandle handle, string className, BpfMapType type, BpfMapSpec innerTemplate)
        : base(handle, className, SizeOf<TKey>(), typeof(TKey).Name, sizeof(uint), "an inner map's fd", type)
    {
        ArgumentNullException.ThrowIfNull(innerTemplate);
        InnerTemplate = innerTemplate;
    }

    /// <summary>The shape every inner map has (kind, key and value sizes, entries, flags), as the C# declaration gives it.</summary>
    public BpfMapSpec InnerTemplate { get; }

    /// <summary>Creates a new, empty map shaped like <see cref="InnerTemplate"/>, ready to fill and put in with <see cref="Set"/>.</summary>
    /// <param name="name">The map's name as bpftool shows it.</param>
    /// <exception cref="BpfException">The kernel refused to create it.</exception>
    public TInner CreateInner(string name)
    {
        BpfMapHandle created = BpfMapHandle.Create(InnerTemplate, name);
        try
        {
            return TInner.Open(created);
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>Puts <paramref name="inner"/> in at <paramref name="key"/>, replacing what was there (BPF code sees it at once).</summary>
    /// <exception cref="BpfException">The inner map does not match the template, or the map is full.</exception>
    public void Set(in TKey key, TInner inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        CheckKey(key);
        BpfMapHandle h = inner.Handle;
        using var lease = h.Lease();
        uint fd = (uint)lease.Fd;
        TKey k = key;
        int error = Handle.Update(&k, &fd, MapUpdate.Any);
        // The kernel compares the inner map with the template (type, sizes, entries, flags) and says only EINVAL.
        if (error == -Errno.EINVAL)
            throw new BpfException(
                $"Map '{h.Name}' ({h.MapType}, {h.KeySize}-byte keys, {h.ValueSize}-byte values, {h.MaxEntries} entries, flags {h.MapFlags}) cannot go into map of maps '{Name}': "
                + $"the kernel takes only inner maps like its template ({InnerTemplate.Type}, {InnerTemplate.KeySize}-byte keys, {InnerTemplate.ValueSize}-byte values, {InnerTemplate.MaxEntries} entries, flags {InnerTemplate.Flags}); create one with CreateInner.",
                Errno.EINVAL);
        Handle.UpdateResult(error, MapUpdate.Any);
    }

    /// <summary>Takes the inner map at <paramref name="key"/> out (BPF code finds none there from now on).</summary>
    /// <returns>False when there was none.</returns>
    public bool Remove(in TKey key)
    {
        CheckKey(key);
        TKey k = key;
        return Handle.DeleteResult(Handle.Delete(&k));
    }

    /// <summary>Whether an inner map is at <paramref name="key"/>, and its kernel id.</summary>
    public bool TryGetId(in TKey key, out uint id)
    {
        CheckKey(key);
        TKey k = key;
        uint value;
        bool found = Handle.LookupResult(Handle.Lookup(&k, &value));
        id = found ? value : 0;
        return found;
    }

    /// <summary>Opens the inner map at <paramref name="key"/> (a new handle to it: dispose its <see cref="BpfTypedMap.Handle"/> when done).</summary>
    /// <returns>False when there is none.</returns>
    public bool TryGet(in TKey key, out TInner? inner)
    {
        inner = null;
        if (!TryGetId(key, out uint id)) return false;
        BpfMapHandle opened = BpfMapHandle.OpenById(id);
        try
        {
            inner = TInner.Open(opened);
            return true;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>Checks a key before it reaches the kernel (an array's index range).</summary>
    private protected virtual void CheckKey(in TKey key) { }
}

/// <summary>
/// <c>BPF_MAP_TYPE_ARRAY_OF_MAPS</c> (kernel 4.12): <see cref="BpfTypedMap.MaxEntries"/> slots,
/// each empty or holding a map shaped like the template.
/// </summary>
/// <typeparam name="TInner">The typed inner map.</typeparam>
public sealed class ArrayOfMaps<TInner> : MapOfMapsBase<uint, TInner> where TInner : BpfTypedMap, IBpfInnerMap<TInner>
{
    /// <summary>Opens the array of maps <paramref name="name"/> of <paramref name="obj"/>, whose inner maps look like <paramref name="innerTemplate"/>.</summary>
    /// <exception cref="BpfException">No such map, or another map type.</exception>
    public ArrayOfMaps(BpfObject obj, string name, BpfMapSpec innerTemplate) : this(MapOf(obj, name), innerTemplate) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type.</exception>
    public ArrayOfMaps(BpfMapHandle handle, BpfMapSpec innerTemplate) : base(handle, "ArrayOfMaps<TInner>", BpfMapType.ArrayOfMaps, innerTemplate) { }

    private protected override void CheckKey(in uint key)
    {
        if (key >= MaxEntries) throw new ArgumentOutOfRangeException(nameof(key), key, $"Map '{Name}' has slots 0 to {MaxEntries - 1}.");
    }
}

/// <summary>
/// <c>BPF_MAP_TYPE_HASH_OF_MAPS</c> (kernel 4.12): up to <see cref="BpfTypedMap.MaxEntries"/> keys,
/// each holding a map shaped like the template.
/// </summary>
/// <typeparam name="TKey">The key type, the same size as the BPF side's key.</typeparam>
/// <typeparam name="TInner">The typed inner map.</typeparam>
public sealed class HashOfMaps<TKey, TInner> : MapOfMapsBase<TKey, TInner>
    where TKey : unmanaged
    where TInner : BpfTypedMap, IBpfInnerMap<TInner>
{
    /// <summary>Opens the hash of maps <paramref name="name"/> of <paramref name="obj"/>, whose inner maps look like <paramref name="innerTemplate"/>.</summary>
    /// <exception cref="BpfException">No such map, another map type, or another key size.</exception>
    public HashOfMaps(BpfObject obj, string name, BpfMapSpec innerTemplate) : this(MapOf(obj, name), innerTemplate) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    /// <exception cref="BpfException">Another map type, or another key size.</exception>
    public HashOfMaps(BpfMapHandle handle, BpfMapSpec innerTemplate) : base(handle, "HashOfMaps<TKey, TInner>", BpfMapType.HashOfMaps, innerTemplate) { }
}
