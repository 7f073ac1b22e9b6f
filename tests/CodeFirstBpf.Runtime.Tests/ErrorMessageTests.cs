using System.Linq;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

/// <summary>The one-sentence errors that cannot be provoked on a privileged machine with libbpf installed.</summary>
public sealed class ErrorMessageTests
{
    [Fact]
    public void Missing_libbpf_says_what_to_install()
    {
        Assert.Equal("libbpf.so.1 was not found: install it with 'apt-get install libbpf1'.", BpfErrors.LibbpfMissing);
    }

    [Fact]
    public void EPERM_says_how_to_get_the_privileges()
    {
        BpfException error = BpfErrors.FromErrno(-1, "Loading BPF object 'x'", ["libbpf: map 'm': failed to create"]);

        Assert.Equal("Loading BPF object 'x' was not permitted: run as root or grant the process CAP_BPF and CAP_NET_ADMIN (CAP_SYS_ADMIN on kernels older than 5.8).", error.Message);
        Assert.Equal(1, error.Errno);
        Assert.Single(error.LibbpfLog);
    }

    [Fact]
    public void Other_errors_name_the_errno_and_libbpfs_first_complaint()
    {
        BpfException error = BpfErrors.FromErrno(22, "Loading BPF object 'x'",
            ["libbpf: couldn't reuse pinned map at '/sys/fs/bpf/m': parameter mismatch", "libbpf: failed to load object 'x'"]);

        Assert.Equal("Loading BPF object 'x' failed: Invalid argument (libbpf: couldn't reuse pinned map at '/sys/fs/bpf/m': parameter mismatch).", error.Message);
        Assert.Equal(22, error.Errno);
    }

    [Fact]
    public void Outside_bpffs_the_advice_fits_the_machine()
    {
        // Mount advice only where no BPF filesystem is mounted; otherwise the mounted one is named.
        string message = BpfErrors.NotOnBpfFs("/tmp/x").Message;
        if (BpfErrors.BpfFileSystemMounts().Count == 0) Assert.Contains("mount -t bpf bpf /sys/fs/bpf", message);
        else
        {
            Assert.Contains("pin under the BPF filesystem mounted at " + BpfErrors.BpfFileSystemMounts()[0], message);
            Assert.DoesNotContain("mount -t", message);
        }
    }

    [Fact]
    public void Verifier_logs_are_taken_apart()
    {
        const string Log = """
            func#0 @0
            0: R1=ctx() R10=fp0
            ; if (data[20] == 6) @ prog.cs:12
            2: (71) r1 = *(u8 *)(r1 +20)
            invalid access to packet, off=20 size=1, R1(id=0,off=20,r=0)
            R1 offset is outside of the packet
            processed 3 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
            """;

        VerifierLog log = VerifierLog.Parse("prog", Log);

        Assert.Equal("invalid access to packet, off=20 size=1, R1(id=0,off=20,r=0) R1 offset is outside of the packet", log.Message);
        Assert.Equal("prog.cs:12", log.SourceLocation);
        Assert.Equal("if (data[20] == 6)", log.SourceLine);
        Assert.Equal(7, log.Lines.Length);
        Assert.Equal(
            "The verifier rejected program 'prog' of BPF object 'obj' at prog.cs:12: invalid access to packet, off=20 size=1, R1(id=0,off=20,r=0) R1 offset is outside of the packet (compare the pointer with DataEnd before reading or writing the packet); see Log for the full verifier log.",
            log.ToMessage("obj"));
    }

    [Fact]
    public void Options_reject_nonsense()
    {
        Assert.Throws<System.ArgumentOutOfRangeException>(() => new BpfLoadOptions { VerifierLogLevel = -1 });
        Assert.Throws<System.ArgumentOutOfRangeException>(() => new BpfLoadOptions { VerifierLogSize = -1 });
        Assert.Empty(new BpfLoadOptions().PinnedMaps);
        Assert.Null(new BpfLoadOptions().PinPath);
        Assert.Equal("/sys/fs/bpf", BpfLoadOptions.DefaultPinPath);
        Assert.True(typeof(BpfVerifierException).IsSubclassOf(typeof(BpfException)));
        Assert.All(typeof(BpfObject).Assembly.GetExportedTypes().Where(t => t.Namespace != "CodeFirstBpf.Runtime"), t => Assert.Fail(t.FullName));
    }
}
