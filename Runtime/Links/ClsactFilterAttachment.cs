using Microsoft.Win32.SafeHandles;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>A direct-action BPF filter on a clsact hook, removed (with its qdisc, if ours) on release.</summary>
internal sealed unsafe class ClsactFilterAttachment : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly uint _attachPoint;

    internal ClsactFilterAttachment(int interfaceIndex, uint attachPoint, uint filterHandle, uint priority) : base(ownsHandle: true)
    {
        SetHandle(interfaceIndex);
        _attachPoint = attachPoint;
        FilterHandle = filterHandle;
        Priority = priority;
    }

    internal uint FilterHandle { get; }

    internal uint Priority { get; }

    protected override bool ReleaseHandle()
    {
        int interfaceIndex = (int)handle;
        lock (ClsactQdiscs.Gate)
        {
            BpfTcHook hook = ClsactQdiscs.Hook(interfaceIndex, _attachPoint);
            var opts = new BpfTcOpts { Size = (nuint)sizeof(BpfTcOpts), Handle = FilterHandle, Priority = Priority };
            // -ENOENT/-ENODEV: the filter or the interface is already gone; nothing is left to undo.
            LibBpf.bpf_tc_detach(&hook, &opts);
            ClsactQdiscs.Release(interfaceIndex);
        }
        return true;
    }
}
