using System;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// An XDP program attached to an interface. <see cref="InterfaceLink.Dispose"/> detaches it; so does the end of
/// the process. A BPF link (kernel 5.9+) is preferred: the kernel drops it even when the process
/// is killed. Without one the program is attached through netlink and detached only if it is
/// still the attached program.
/// </summary>
public sealed class XdpLink : InterfaceLink
{
    private XdpLink(SafeHandle attachment, XdpProgram program, int interfaceIndex, string interfaceName, XdpMode mode, bool isBpfLink)
        : base(attachment, program, interfaceIndex, interfaceName)
    {
        Mode = mode;
        IsBpfLink = isBpfLink;
    }

    /// <summary>The mode the program runs in.</summary>
    public XdpMode Mode { get; }

    /// <summary>True for a kernel BPF link, false for a netlink attachment.</summary>
    public bool IsBpfLink { get; }

    /// <summary>
    /// Swaps in another program atomically: no frame passes the interface without a program
    /// (<c>bpf_link_update</c>, BPF links only).
    /// </summary>
    /// <exception cref="BpfException">This is a netlink attachment, or the kernel refused.</exception>
    public unsafe void Update(XdpProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (!IsBpfLink)
            throw new BpfException($"The XDP program on interface '{InterfaceName}' was attached through netlink, which cannot swap programs atomically: attach the new one with replace: true instead.", Errno.EOPNOTSUPP);
        using Lease link = ((BpfFdHandle)Attachment).Lease();
        using Lease newProgram = program.Handle.Lease();
        int error = LibBpf.bpf_link_update(link.Fd, newProgram.Fd, null);
        if (error < 0)
            throw BpfErrors.FromErrno(error, $"Replacing the XDP program on interface '{InterfaceName}' with '{program.Name}'");
        Replaced(program);
    }

    private protected override bool IsPinnable => IsBpfLink;

    private protected override string NotPinnable =>
        $"The XDP program on interface '{InterfaceName}' was attached through netlink (no BPF link on this kernel), which cannot be pinned: it stays attached until detached, so keep the link object or detach with 'ip link set dev {InterfaceName} xdp off'.";

    /// <inheritdoc />
    public override string ToString() => $"XDP program '{ProgramName}' on {InterfaceName} ({Mode}{(IsBpfLink ? ", BPF link" : ", netlink")})";

    internal static unsafe XdpLink Attach(XdpProgram program, int interfaceIndex, string interfaceName, XdpMode mode, bool replace)
    {
        uint modeFlags = mode switch
        {
            XdpMode.Generic => BpfConstants.XdpFlagsSkbMode,
            XdpMode.Native => BpfConstants.XdpFlagsDrvMode,
            XdpMode.Offload => BpfConstants.XdpFlagsHwMode,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown XDP mode."),
        };
        using Lease lease = program.Handle.Lease();

        var opts = new BpfLinkCreateOpts { Size = (nuint)sizeof(BpfLinkCreateOpts), Flags = modeFlags };
        int linkFd = LibBpf.bpf_link_create(lease.Fd, interfaceIndex, BpfConstants.AttachXdp, &opts);
        if (linkFd >= 0)
            return new XdpLink(BpfFdHandle.Own(linkFd), program, interfaceIndex, interfaceName, mode, isBpfLink: true);

        int errno = -linkFd;
        bool occupied = errno is Errno.EBUSY or Errno.EEXIST;
        // EINVAL: a kernel without XDP links (before 5.9). Occupied + replace: a link cannot
        // replace a netlink-attached program, but netlink can.
        if (!(errno == Errno.EINVAL || (occupied && replace)))
            throw Failure(errno, program, interfaceName, mode, replace);

        // Taken before attaching, as for a clsact filter: nothing is attached if it fails.
        var netns = ThreadNetns.Current();
        uint flags = modeFlags | (replace ? 0 : BpfConstants.XdpFlagsUpdateIfNoExist);
        int error = LibBpf.bpf_xdp_attach(interfaceIndex, lease.Fd, flags, null);
        if (error < 0)
        {
            netns.Dispose();
            throw Failure(-error, program, interfaceName, mode, replace);
        }

        int copy = LibC.fcntl(lease.Fd, LibC.FDupFdCloexec, 3);
        if (copy < 0)
        {
            int dupErrno = Marshal.GetLastPInvokeError();
            LibBpf.bpf_xdp_detach(interfaceIndex, modeFlags, null);
            netns.Dispose();
            throw BpfErrors.FromErrno(dupErrno, $"Duplicating the descriptor of program '{program.Name}'");
        }
        return new XdpLink(new XdpNetlinkAttachment(netns, copy, interfaceIndex, modeFlags), program, interfaceIndex, interfaceName, mode, isBpfLink: false);
    }

    private static BpfException Failure(int errno, XdpProgram program, string interfaceName, XdpMode mode, bool replace) => errno switch
    {
        Errno.EBUSY when replace => new BpfException(
            $"The XDP program on interface '{interfaceName}' is held by a BPF link, which cannot be replaced: dispose or unpin that link first.", errno),
        Errno.EBUSY => new BpfException(
            $"Interface '{interfaceName}' already has an XDP program attached: detach it first or pass replace: true.", errno),
        Errno.EEXIST => new BpfException(
            $"Interface '{interfaceName}' already has an XDP program attached in another mode, and generic and native XDP cannot run together: detach it first.", errno),
        Errno.EOPNOTSUPP or Errno.ENOTSUPP => new BpfException(
            $"The driver of interface '{interfaceName}' does not support {mode} XDP: use XdpMode.Generic.", errno),
        Errno.EINVAL when mode == XdpMode.Offload => new BpfException(
            $"Interface '{interfaceName}' cannot run XDP in Offload mode: use XdpMode.Native or XdpMode.Generic.", errno),
        Errno.ENODEV => new BpfException(
            $"Network interface '{interfaceName}' does not exist any more: check the name with 'ip link show'.", errno),
        _ => BpfErrors.FromErrno(errno, $"Attaching XDP program '{program.Name}' to interface '{interfaceName}' in {mode} mode"),
    };
}
