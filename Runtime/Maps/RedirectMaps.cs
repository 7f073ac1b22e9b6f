namespace CodeFirstBpf.Runtime;

/// <summary>
/// The XDP redirect maps (<see cref="DevMap"/>, <see cref="CpuMap"/>, <see cref="XskMap"/>): a
/// <c>uint</c> value per <c>uint</c> index, set from userspace, read by <c>bpf_redirect_map</c>.
/// </summary>
public abstract class RedirectMap : BpfIndexMapBase
{
    private protected RedirectMap(BpfMapHandle handle, string className, BpfMapType type)
        : base(handle, className, type) { }

    /// <summary>The value at <paramref name="index"/>; false when the index is empty.</summary>
    public bool TryGetValue(uint index, out uint value) => TryLookup(index, out value);

    private protected void SetValue(uint index, uint value, string what)
        => Store(index, value, $"Putting {what} {value} at index {index} of {Handle.MapType} map '{Name}'");
}

/// <summary><c>BPF_MAP_TYPE_DEVMAP</c> (kernel 4.14): the interfaces XDP programs redirect frames out of.</summary>
public sealed class DevMap : RedirectMap, IBpfInnerMap<DevMap>
{
    /// <summary>Opens the device map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, or another map type.</exception>
    public DevMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    public DevMap(BpfMapHandle handle) : base(handle, "DevMap", BpfMapType.DevMap) { }

    /// <inheritdoc />
    static DevMap IBpfInnerMap<DevMap>.Open(BpfMapHandle handle) => new(handle);

    /// <summary>Redirects to <paramref name="index"/> now leave through interface <paramref name="ifIndex"/>.</summary>
    /// <exception cref="BpfException">The kernel refused, e.g. no such interface.</exception>
    public void Set(uint index, uint ifIndex) => SetValue(index, ifIndex, "interface");
}

/// <summary><c>BPF_MAP_TYPE_CPUMAP</c> (kernel 4.15): the CPUs XDP programs hand frames to.</summary>
public sealed class CpuMap : RedirectMap, IBpfInnerMap<CpuMap>
{
    /// <summary>Opens the CPU map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, or another map type.</exception>
    public CpuMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    public CpuMap(BpfMapHandle handle) : base(handle, "CpuMap", BpfMapType.CpuMap) { }

    /// <inheritdoc />
    static CpuMap IBpfInnerMap<CpuMap>.Open(BpfMapHandle handle) => new(handle);

    /// <summary>Enables CPU <paramref name="cpu"/> as a redirect target with a queue of <paramref name="queueSize"/> frames.</summary>
    /// <exception cref="BpfException">The kernel refused, e.g. no such CPU.</exception>
    public void Set(uint cpu, uint queueSize) => SetValue(cpu, queueSize, "queue size");
}

/// <summary><c>BPF_MAP_TYPE_XSKMAP</c> (kernel 4.18): the AF_XDP sockets XDP programs redirect frames to.</summary>
public sealed class XskMap : RedirectMap, IBpfInnerMap<XskMap>
{
    /// <summary>Opens the XSK map <paramref name="name"/> of <paramref name="obj"/>.</summary>
    /// <exception cref="BpfException">No such map, or another map type.</exception>
    public XskMap(BpfObject obj, string name) : this(MapOf(obj, name)) { }

    /// <summary>Wraps a map handle, e.g. one from <see cref="BpfMapHandle.OpenPinned"/>.</summary>
    public XskMap(BpfMapHandle handle) : base(handle, "XskMap", BpfMapType.XskMap) { }

    /// <inheritdoc />
    static XskMap IBpfInnerMap<XskMap>.Open(BpfMapHandle handle) => new(handle);

    /// <summary>Frames redirected to <paramref name="queue"/> now go to the AF_XDP socket <paramref name="socketFd"/>.</summary>
    /// <exception cref="BpfException">The kernel refused, e.g. not a bound AF_XDP socket.</exception>
    public void Set(uint queue, int socketFd) => SetValue(queue, (uint)socketFd, "socket");
}
