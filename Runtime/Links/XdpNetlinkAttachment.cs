using Microsoft.Win32.SafeHandles;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// An XDP program attached through netlink (no BPF link). The handle is the attachment's own
/// duplicate of the program descriptor, used on release as the expected program, so a program
/// someone else attached in the meantime is never detached by mistake. Released in the network
/// namespace it was attached in, whichever thread releases it.
/// </summary>
internal sealed unsafe class XdpNetlinkAttachment : SafeHandleMinusOneIsInvalid
{
    private readonly int _interfaceIndex;
    private readonly uint _modeFlags;
    private readonly ThreadNetns _netns;

    internal XdpNetlinkAttachment(ThreadNetns netns, int programFdCopy, int interfaceIndex, uint modeFlags) : base(ownsHandle: true)
    {
        _netns = netns;
        SetHandle(programFdCopy);
        _interfaceIndex = interfaceIndex;
        _modeFlags = modeFlags;
    }

    protected override bool ReleaseHandle()
    {
        int program = (int)handle;
        // -EEXIST: another program replaced ours; -ENODEV: the interface is gone. Both leave nothing to do.
        _netns.Run(() =>
        {
            var opts = new BpfXdpAttachOpts { Size = (nuint)sizeof(BpfXdpAttachOpts), OldProgramFd = program };
            LibBpf.bpf_xdp_detach(_interfaceIndex, _modeFlags, &opts);
        });
        _netns.Dispose();
        return LibC.close(program) == 0;
    }
}
