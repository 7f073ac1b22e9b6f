using System;
using System.Collections.Generic;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

/// <summary>
/// When the kernel rejects an object's BTF, libbpf loads without it and says so only in its log.
/// The runtime makes that loud: the load fails naming the kernel's reason, or (opted into) loads
/// and warns through the load warnings and the libbpf log subscribers.
/// </summary>
public class BtfRejectionTests
{
    [SkippableFact]
    public void By_default_a_rejected_btf_fails_the_load_with_the_kernels_reason()
    {
        Kernel.Require();
        var e = Assert.Throws<BpfException>(() => BpfPrograms.Load("bad_btf").Dispose());
        Assert.StartsWith("The kernel rejected the BTF of BPF object 'bad_btf' (", e.Message);
        // The kernel names the type it refused and why: the unnamed parameter of add_one.
        Assert.Contains("Invalid arg#2", e.Message);
        Assert.Contains("BtfRejectedAction.Warn", e.Message);
        Assert.Contains(e.LibbpfLog, l => l.Contains("Error loading .BTF", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Warn_loads_without_btf_and_tells_the_log_subscribers()
    {
        Kernel.Require();
        var seen = new List<(LibbpfLogLevel Level, string Line)>();
        void Handler(LibbpfLogLevel level, string line) => seen.Add((level, line));
        BpfDiagnostics.LibbpfMessage += Handler;
        try
        {
            using BpfObject obj = BpfPrograms.Load("bad_btf", new BpfLoadOptions { OnBtfRejected = BtfRejectedAction.Warn });
            Assert.True(obj.BtfRejected);
            string warning = Assert.Single(obj.LoadWarnings, l => l.StartsWith("CodeFirstBpf:", StringComparison.Ordinal));
            Assert.Contains("loaded without its BTF", warning);
            Assert.Contains("Invalid arg#2", warning);
            Assert.Contains((LibbpfLogLevel.Warning, warning), seen);
        }
        finally
        {
            BpfDiagnostics.LibbpfMessage -= Handler;
        }
    }

    [SkippableFact]
    public void A_verifier_error_says_that_the_btf_and_so_its_source_lines_were_lost()
    {
        Kernel.Require();
        var e = Assert.Throws<BpfVerifierException>(() => BpfPrograms.Load("bad_btf_rejected").Dispose());
        Assert.Null(e.SourceLocation);
        Assert.Contains("The kernel also rejected the object's BTF (", e.Message);
        Assert.Contains("Invalid arg#2", e.Message);
    }

    [Fact]
    public void The_option_survives_WithConstant()
    {
        var options = new BpfLoadOptions { OnBtfRejected = BtfRejectedAction.Warn }.WithConstant("x", 1);
        Assert.Equal(BtfRejectedAction.Warn, options.OnBtfRejected);
        Assert.Equal(BtfRejectedAction.Fail, new BpfLoadOptions().OnBtfRejected);
    }
}
