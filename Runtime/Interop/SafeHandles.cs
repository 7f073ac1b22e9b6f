using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CodeFirstBpf.Runtime.Interop;

/// <summary>
/// Owns one BPF file descriptor (map, program or link). Calls borrow the descriptor through
/// <see cref="Lease"/>, so a descriptor is never closed — and its number never reused — while
/// a call is using it.
/// </summary>
internal sealed class BpfFdHandle : SafeHandleMinusOneIsInvalid
{
    private BpfFdHandle() : base(ownsHandle: true) { }

    /// <summary>Takes ownership of <paramref name="fd"/>.</summary>
    internal static BpfFdHandle Own(int fd)
    {
        var handle = new BpfFdHandle();
        handle.SetHandle(fd);
        return handle;
    }

    /// <summary>Duplicates a descriptor that someone else (libbpf) owns.</summary>
    internal static BpfFdHandle Duplicate(int fd, string what)
    {
        int copy = LibC.fcntl(fd, LibC.FDupFdCloexec, 3);
        if (copy < 0)
            throw BpfErrors.FromErrno(Marshal.GetLastPInvokeError(), $"Duplicating the descriptor of {what}");
        return Own(copy);
    }

    /// <summary>Borrows the descriptor for the duration of a native call.</summary>
    internal Lease Lease() => new(this);

    protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;
}

/// <summary>A borrowed descriptor; dispose it (with <c>using</c>) right after the native call.</summary>
internal readonly ref struct Lease
{
    private readonly SafeHandle _owner;

    internal Lease(SafeHandle owner)
    {
        bool added = false;
        owner.DangerousAddRef(ref added);
        _owner = owner;
        Fd = (int)owner.DangerousGetHandle();
    }

    internal int Fd { get; }

    public void Dispose() => _owner.DangerousRelease();
}

/// <summary>Owns a <c>struct bpf_object *</c>; closing it unloads programs and maps libbpf holds.</summary>
internal sealed class BpfObjectHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    internal BpfObjectHandle(nint obj) : base(ownsHandle: true) => SetHandle(obj);

    internal nint Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return handle;
        }
    }

    protected override bool ReleaseHandle()
    {
        LibBpf.bpf_object__close(handle);
        return true;
    }
}
