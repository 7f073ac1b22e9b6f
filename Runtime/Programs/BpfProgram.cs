using System;
using CodeFirstBpf.Runtime.Interop;
using CodeFirstBpf.Runtime.Loading;

namespace CodeFirstBpf.Runtime;

/// <summary>A program of a loaded <see cref="BpfObject"/>.</summary>
public abstract class BpfProgram
{
    private protected BpfProgram(string name, string sectionName, uint programType, BpfFdHandle handle, string verifierLog)
    {
        Name = name;
        SectionName = sectionName;
        ProgramType = programType;
        Handle = handle;
        VerifierLog = verifierLog;
        Id = QueryId(handle);
    }

    /// <summary>The full ELF function name (the kernel keeps only its first 15 characters).</summary>
    public string Name { get; }

    /// <summary>The ELF section, e.g. <c>xdp</c> or <c>tc</c>.</summary>
    public string SectionName { get; }

    /// <summary>The kernel's <c>enum bpf_prog_type</c> value (6 = XDP, 3 = sched_cls).</summary>
    public uint ProgramType { get; }

    /// <summary>The kernel's id of the program, as <c>bpftool prog</c> shows it.</summary>
    public uint Id { get; }

    /// <summary>The program's file descriptor; valid until its <see cref="BpfObject"/> is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The object was disposed.</exception>
    public int Fd
    {
        get
        {
            ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
            return (int)Handle.DangerousGetHandle();
        }
    }

    /// <summary>
    /// The verifier's log of a successful load when <see cref="BpfLoadOptions.VerifierLogLevel"/>
    /// was above 0; empty otherwise.
    /// </summary>
    public string VerifierLog { get; }

    internal BpfFdHandle Handle { get; }

    /// <summary>The kernel's <c>enum bpf_attach_type</c> libbpf loaded the program for (from its section), which attaching needs.</summary>
    internal uint ExpectedAttachType { get; private set; }

    /// <summary>Pins the program at <paramref name="path"/> on bpffs, so it outlives this process.</summary>
    /// <exception cref="BpfException">The path is not on bpffs or already exists.</exception>
    public void Pin(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using Lease lease = Handle.Lease();
        int error = LibBpf.bpf_obj_pin(lease.Fd, path);
        if (error < 0)
            throw BpfErrors.PinFailure(error, $"Pinning program '{Name}' at '{path}'", path);
    }

    /// <inheritdoc />
    public override string ToString() => $"{SectionName} program '{Name}' (id {Id})";

    internal void Close() => Handle.Dispose();

    internal static unsafe BpfProgram FromLoaded(nint prog, string verifierLog)
    {
        string name = ObjectLoader.FromUtf8z(LibBpf.bpf_program__name(prog)) ?? "?";
        string section = ObjectLoader.FromUtf8z(LibBpf.bpf_program__section_name(prog)) ?? "?";
        uint type = LibBpf.bpf_program__type(prog);
        BpfFdHandle handle = BpfFdHandle.Duplicate(LibBpf.bpf_program__fd(prog), $"program '{name}'");
        BpfProgram program = type switch
        {
            BpfConstants.ProgTypeXdp => new XdpProgram(name, section, type, handle, verifierLog),
            BpfConstants.ProgTypeSchedCls => new TcProgram(name, section, type, handle, verifierLog),
            BpfConstants.ProgTypeSocketFilter => new SocketFilterProgram(name, section, type, handle, verifierLog),
            BpfConstants.ProgTypeCgroupSkb => new CgroupSkbProgram(name, section, type, handle, verifierLog),
            BpfConstants.ProgTypeCgroupSockAddr => new CgroupSockAddrProgram(name, section, type, handle, verifierLog),
            BpfConstants.ProgTypeSockOps => new SockOpsProgram(name, section, type, handle, verifierLog),
            BpfConstants.ProgTypeSkLookup => new SkLookupProgram(name, section, type, handle, verifierLog),
            _ => new OtherProgram(name, section, type, handle, verifierLog),
        };
        program.ExpectedAttachType = LibBpf.bpf_program__expected_attach_type(prog);
        return program;
    }

    /// <summary>What the kernel reports about the loaded program now (<c>bpf_prog_info</c>).</summary>
    /// <exception cref="BpfException">The kernel refused the query.</exception>
    public unsafe BpfProgramInfo GetInfo()
    {
        BpfProgInfo info = Query(Handle, out int error);
        if (error < 0)
            throw BpfErrors.FromErrno(error, $"Querying program '{Name}'");
        return new BpfProgramInfo(
            info.Id,
            Convert.ToHexStringLower(new ReadOnlySpan<byte>(info.Tag, 8)),
            info.XlatedLength / 8,
            info.JitedLength,
            info.VerifiedInstructions,
            info.RunCount,
            TimeSpan.FromTicks((long)(info.RunTimeNanoseconds / 100)));
    }

    private static uint QueryId(BpfFdHandle handle)
    {
        BpfProgInfo info = Query(handle, out int error);
        return error == 0 ? info.Id : 0;
    }

    private static unsafe BpfProgInfo Query(BpfFdHandle handle, out int error)
    {
        BpfProgInfo info = default;
        uint length = (uint)sizeof(BpfProgInfo);
        using Lease lease = handle.Lease();
        error = LibBpf.bpf_obj_get_info_by_fd(lease.Fd, &info, &length);
        return info;
    }
}

/// <summary>A program of a type the runtime has no dedicated class for.</summary>
internal sealed class OtherProgram : BpfProgram
{
    internal OtherProgram(string name, string sectionName, uint programType, BpfFdHandle handle, string verifierLog)
        : base(name, sectionName, programType, handle, verifierLog) { }
}
