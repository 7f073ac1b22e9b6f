using Microsoft.Win32.SafeHandles;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// A direct-action BPF filter on a clsact hook, removed (with its qdisc, if ours) on release, in the
/// network namespace it was attached in, whichever thread releases it.
/// </summary>
internal sealed unsafe class ClsactFilterAttachment : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly uint _attachPoint;

    internal ClsactFilterAttachment(ThreadNetns netns, int interfaceIndex, uint attachPoint, uint filterHandle, uint priority) : base(ownsHandle: true)
    {
        Netns = netns;
        SetHandle(interfaceIndex);
        _attachPoint = attachPoint;
        FilterHandle = filterHandle;
        Priority = priority;
    }

    /// <summary>The namespace the interface index belongs to.</summary>
    internal ThreadNetns Netns { get; }

    internal uint FilterHandle { get; }

    internal uint Priority { get; }

    protected override bool ReleaseHandle()
    {
        int interfaceIndex = (int)handle;
        lock (ClsactQdiscs.Gate)
        {
            // A thread that cannot enter the namespace detaches nothing: by index, in its own
            // namespace, it would remove some other interface's filter.
            Netns.Run(() =>
            {
                BpfTcHook hook = ClsactQdiscs.Hook(interfaceIndex, _attachPoint);
                var opts = new BpfTcOpts { Size = (nuint)sizeof(BpfTcOpts), Handle = FilterHandle, Priority = Priority };
                // -ENOENT/-ENODEV: the filter or the interface is already gone; nothing is left to undo.
                LibBpf.bpf_tc_detach(&hook, &opts);
                ClsactQdiscs.Release(Netns.Id, interfaceIndex);
            });
        }
        Netns.Dispose();
        return true;
    }
}
