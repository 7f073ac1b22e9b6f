using CodeFirstBpf;

namespace CodeFirstBpf.KernelTests.Programs;

/// <summary>
/// A socket-lookup program that steers TCP connections to one port (slot 0 of <c>SteeredPort</c>,
/// host order) to the listener in slot 0 of <c>Listeners</c>, whatever port that listens on.
/// </summary>
public static unsafe partial class PortSteering
{
    static readonly SockMap Listeners = new(maxEntries: 4);
    static readonly ArrayMap<uint> SteeredPort = new(maxEntries: 1);
    static readonly ArrayMap<ulong> Steered = new(maxEntries: 1);

    [SkLookup]
    public static SkAction Steer(SkLookupContext ctx)
    {
        uint* port = SteeredPort.Lookup(0);
        if (port == null || ctx.Protocol != 6 || ctx.LocalPort != *port) return SkAction.Pass;
        BpfSock* listener = Listeners.Lookup(0);
        if (listener == null) return SkAction.Pass;
        long error = ctx.Assign(listener, 0);
        Bpf.SkRelease(listener);
        if (error != 0) return SkAction.Drop;
        ulong* steered = Steered.Lookup(0);
        if (steered != null) *steered += 1;
        return SkAction.Pass;
    }
}
