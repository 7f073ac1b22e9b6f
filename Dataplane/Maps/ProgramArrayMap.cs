namespace CodeFirstBpf;

/// <summary>
/// <c>BPF_MAP_TYPE_PROG_ARRAY</c> (kernel 4.2): the jump table of tail calls. Userspace puts
/// programs of the same type at its indices (<c>CodeFirstBpf.Runtime.ProgramArrayMap.Set</c>).
/// </summary>
[BpfMapKind(3, IndexKey = true, Flags = MapFlags.NumaNode | MapFlags.ReadOnlyUser | MapFlags.WriteOnlyUser)]
public sealed class ProgramArrayMap : BpfMap
{
    /// <summary>Declares a table of <paramref name="maxEntries"/> programs.</summary>
    public ProgramArrayMap(uint maxEntries, MapFlags flags = MapFlags.None) : base(maxEntries, flags) { }

    /// <summary>
    /// <c>bpf_tail_call</c>: replaces the running program with the one at <paramref name="index"/>,
    /// which gets the same context; returns only when that fails (empty index, out of range, or 33
    /// tail calls deep), so code after the call is the fallback. In .NET it always returns.
    /// </summary>
    [BpfHelper(12, ChangesPacketData = true)]
    public void TailCall(XdpContext ctx, uint index) { }

    /// <summary><c>bpf_tail_call</c> from a TC program; see the XDP overload.</summary>
    [BpfHelper(12, ChangesPacketData = true)]
    public void TailCall(TcContext ctx, uint index) { }
}
