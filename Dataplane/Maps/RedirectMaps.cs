using System.Collections.Concurrent;

namespace CodeFirstBpf;

/// <summary>
/// The XDP redirect maps: a <c>uint</c> key per target, used with <see cref="Redirect"/>
/// (<c>bpf_redirect_map</c>). In .NET the entries are set with <see cref="Set"/>.
/// </summary>
public abstract class RedirectMap : BpfMap
{
    private readonly ConcurrentDictionary<uint, uint> _entries = new();

    /// <summary>Creates the map.</summary>
    protected RedirectMap(uint maxEntries, MapFlags flags) : base(maxEntries, flags) { }

    /// <summary>
    /// <c>bpf_redirect_map</c>: redirects the frame to the target at <paramref name="key"/> and
    /// returns <see cref="XdpAction.Redirect"/>; when the key has no target, returns
    /// <paramref name="fallback"/> (one of Aborted, Drop, Pass, Tx). Return the result from the program.
    /// </summary>
    [BpfHelper(51, Programs = BpfProgramKinds.Xdp)]
    public XdpAction Redirect(uint key, XdpAction fallback = XdpAction.Aborted)
    {
        if ((uint)fallback > (uint)XdpAction.Tx) return XdpAction.Aborted;
        return key < MaxEntries && _entries.ContainsKey(key) ? XdpAction.Redirect : fallback;
    }

    /// <summary>When running as .NET: puts a target at <paramref name="key"/> (userspace does this for a loaded map).</summary>
    public void Set(uint key, uint value)
    {
        if (key < MaxEntries) _entries[key] = value;
    }

    /// <summary>When running as .NET: empties <paramref name="key"/>.</summary>
    public void Remove(uint key) => _entries.TryRemove(key, out _);
}

/// <summary><c>BPF_MAP_TYPE_DEVMAP</c> (kernel 4.14): interfaces to redirect frames out of; values are interface indices.</summary>
[BpfMapKind(14, InnerMap = true, IndexKey = true, Flags = MapFlags.NumaNode | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser)]
public sealed class DevMap : RedirectMap
{
    /// <summary>Declares the map.</summary>
    public DevMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags) { }
}

/// <summary><c>BPF_MAP_TYPE_CPUMAP</c> (kernel 4.15): CPUs to hand frames to; keys are CPU numbers, values queue sizes.</summary>
[BpfMapKind(16, InnerMap = true, IndexKey = true, Flags = MapFlags.NumaNode)]
public sealed class CpuMap : RedirectMap
{
    /// <summary>Declares the map.</summary>
    public CpuMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags) { }
}

/// <summary><c>BPF_MAP_TYPE_XSKMAP</c> (kernel 4.18): AF_XDP sockets, keyed by receive queue; values are socket descriptors.</summary>
[BpfMapKind(17, InnerMap = true, IndexKey = true, Flags = MapFlags.NumaNode | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser)]
public sealed class XskMap : RedirectMap
{
    /// <summary>Declares the map.</summary>
    public XskMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags) { }
}
