using System;
using System.Runtime.InteropServices;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// A TC program attached to an interface's ingress or egress hook, as a TCX link or a clsact
/// filter. <see cref="InterfaceLink.Dispose"/> detaches it, and so does the end of the process.
/// </summary>
public sealed class TcLink : InterfaceLink
{
    private TcLink(SafeHandle attachment, TcProgram program, int interfaceIndex, string interfaceName,
        TcDirection direction, TcAttachMode mode, uint priority, uint filterHandle)
        : base(attachment, program, interfaceIndex, interfaceName)
    {
        Direction = direction;
        Mode = mode;
        Priority = priority;
        FilterHandle = filterHandle;
    }

    /// <summary>The hook the program runs on.</summary>
    public TcDirection Direction { get; }

    /// <summary>How the program is attached: <see cref="TcAttachMode.Tcx"/> or <see cref="TcAttachMode.Clsact"/>.</summary>
    public TcAttachMode Mode { get; }

    /// <summary>The clsact filter's priority; 0 for a TCX link.</summary>
    public uint Priority { get; }

    /// <summary>The clsact filter's handle as <c>tc filter show</c> lists it; 0 for a TCX link.</summary>
    public uint FilterHandle { get; }

    /// <summary>
    /// Swaps in another program atomically, keeping the hook, priority and handle: no packet passes
    /// without a program (<c>bpf_link_update</c> for TCX, a replacing <c>bpf_tc_attach</c> for clsact).
    /// </summary>
    /// <exception cref="BpfException">The link was disposed or the kernel refused.</exception>
    public unsafe void Update(TcProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        ObjectDisposedException.ThrowIf(Attachment.IsClosed, this);
        using Lease newProgram = program.Handle.Lease();
        int error;
        if (Mode == TcAttachMode.Tcx)
        {
            using Lease link = ((BpfFdHandle)Attachment).Lease();
            error = LibBpf.bpf_link_update(link.Fd, newProgram.Fd, null);
        }
        else
        {
            int replaced = -Errno.EPERM, programFd = newProgram.Fd;
            // In the namespace the filter was attached in, as release does.
            ((ClsactFilterAttachment)Attachment).Netns.Run(() =>
            {
                BpfTcHook hook = ClsactQdiscs.Hook(InterfaceIndex, Direction == TcDirection.Ingress ? BpfConstants.TcIngress : BpfConstants.TcEgress);
                var opts = new BpfTcOpts
                {
                    Size = (nuint)sizeof(BpfTcOpts),
                    ProgramFd = programFd,
                    Flags = BpfConstants.TcReplace,
                    Handle = FilterHandle,
                    Priority = Priority,
                };
                replaced = LibBpf.bpf_tc_attach(&hook, &opts);
            });
            error = replaced;
        }
        if (error < 0)
            throw Failure(-error, program, InterfaceName, Direction);
        Replaced(program);
    }

    private protected override bool IsPinnable => Mode == TcAttachMode.Tcx;

    private protected override string NotPinnable =>
        $"The TC program on interface '{InterfaceName}' is a clsact filter, which is not a BPF link and cannot be pinned: attach with TcAttachMode.Tcx (kernel 6.6+) to pin it.";

    /// <inheritdoc />
    public override string ToString() => $"TC program '{ProgramName}' on {InterfaceName} {Direction} ({Mode})";

    internal static TcLink Attach(TcProgram program, int interfaceIndex, string interfaceName, TcDirection direction, uint priority, TcAttachMode mode)
    {
        if (direction is not (TcDirection.Ingress or TcDirection.Egress))
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown TC direction.");
        if (mode == TcAttachMode.Auto)
            mode = NativeLibraries.TryGetLibbpfExport("bpf_program__attach_tcx", out _) ? TcAttachMode.Tcx : TcAttachMode.Clsact;
        return mode switch
        {
            TcAttachMode.Tcx => AttachTcx(program, interfaceIndex, interfaceName, direction),
            TcAttachMode.Clsact => AttachClsact(program, interfaceIndex, interfaceName, direction, priority),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown TC attach mode."),
        };
    }

    private static unsafe TcLink AttachTcx(TcProgram program, int interfaceIndex, string interfaceName, TcDirection direction)
    {
        uint attachType = direction == TcDirection.Ingress ? BpfConstants.AttachTcxIngress : BpfConstants.AttachTcxEgress;
        using Lease lease = program.Handle.Lease();
        // bpf_link_create passes an attach type it does not know straight to the kernel, so TCX
        // works with libbpf 1.1 too; only the kernel (6.6+) must know it.
        int fd = LibBpf.bpf_link_create(lease.Fd, interfaceIndex, attachType, null);
        if (fd < 0)
        {
            throw -fd == Errno.EINVAL
                ? new BpfException($"This kernel cannot attach TCX links (kernel 6.6 or newer is needed): use TcAttachMode.Clsact.", Errno.EINVAL)
                : Failure(-fd, program, interfaceName, direction);
        }
        return new TcLink(BpfFdHandle.Own(fd), program, interfaceIndex, interfaceName, direction, TcAttachMode.Tcx, 0, 0);
    }

    private static unsafe TcLink AttachClsact(TcProgram program, int interfaceIndex, string interfaceName, TcDirection direction, uint priority)
    {
        if (priority is 0 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "A clsact filter priority is between 1 and 65535.");
        uint attachPoint = direction == TcDirection.Ingress ? BpfConstants.TcIngress : BpfConstants.TcEgress;
        using Lease lease = program.Handle.Lease();
        var netns = ThreadNetns.Current();
        lock (ClsactQdiscs.Gate)
        {
            int error = ClsactQdiscs.Acquire(netns.Id, interfaceIndex, attachPoint);
            if (error < 0)
            {
                netns.Dispose();
                throw Failure(-error, program, interfaceName, direction);
            }
            BpfTcHook hook = ClsactQdiscs.Hook(interfaceIndex, attachPoint);
            var opts = new BpfTcOpts { Size = (nuint)sizeof(BpfTcOpts), ProgramFd = lease.Fd, Priority = priority };
            error = LibBpf.bpf_tc_attach(&hook, &opts);
            if (error < 0)
            {
                ClsactQdiscs.Release(netns.Id, interfaceIndex);
                netns.Dispose();
                throw Failure(-error, program, interfaceName, direction);
            }
            var attachment = new ClsactFilterAttachment(netns, interfaceIndex, attachPoint, opts.Handle, opts.Priority);
            return new TcLink(attachment, program, interfaceIndex, interfaceName, direction, TcAttachMode.Clsact, opts.Priority, opts.Handle);
        }
    }

    private static BpfException Failure(int errno, TcProgram program, string interfaceName, TcDirection direction) => errno switch
    {
        Errno.ENODEV => new BpfException(
            $"Network interface '{interfaceName}' does not exist any more: check the name with 'ip link show'.", errno),
        Errno.EEXIST => new BpfException(
            $"Interface '{interfaceName}' already has a {direction.ToString().ToLowerInvariant()} TC filter with this priority: choose another priority.", errno),
        _ => BpfErrors.FromErrno(errno, $"Attaching TC program '{program.Name}' to the {direction.ToString().ToLowerInvariant()} of interface '{interfaceName}'"),
    };
}
