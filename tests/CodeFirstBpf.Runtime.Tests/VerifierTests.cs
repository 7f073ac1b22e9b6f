using System;
using System.Linq;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

public sealed class VerifierTests
{
    [SkippableFact]
    public void A_rejected_program_throws_with_the_verifier_log()
    {
        Kernel.Require();

        var error = Assert.Throws<BpfVerifierException>(() => BpfPrograms.Load("rejected"));

        Assert.Equal("xdp_unchecked_read", error.ProgramName);
        Assert.Contains("invalid access to packet", error.Log);
        Assert.Contains(error.LogLines, l => l.StartsWith("processed ", StringComparison.Ordinal));
        Assert.Contains("invalid access to packet", error.VerifierMessage);
        Assert.Equal(13, error.Errno);
        Assert.Equal("compare the pointer with DataEnd before reading or writing the packet", error.Hint);
        Assert.NotNull(error.SourceLocation);
        Assert.Matches(@"rejected\.c:\d+$", error.SourceLocation);
        Assert.Contains("data[20]", error.SourceLine);
        Assert.StartsWith($"The verifier rejected program 'xdp_unchecked_read' of BPF object 'rejected' at {error.SourceLocation}: invalid access to packet", error.Message);
        Assert.EndsWith("see Log for the full verifier log.", error.Message);
        Assert.Contains(error.LibbpfLog, l => l.Contains("BPF program load failed", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_log_larger_than_the_buffer_is_reloaded_until_it_fits()
    {
        Kernel.Require();
        var options = new BpfLoadOptions { VerifierLogLevel = 2, VerifierLogSize = 1024 };

        var error = Assert.Throws<BpfVerifierException>(() => BpfPrograms.Load("rejected", options));
        Assert.True(error.Log.Length > 1024, $"the log has only {error.Log.Length} characters");
        Assert.StartsWith("func#0", error.LogLines[0]);
        Assert.StartsWith("processed ", error.LogLines.Last(l => !l.StartsWith('(') && !l.StartsWith("verification time") && !l.StartsWith("stack depth")));

        using BpfObject loaded = BpfPrograms.Load("maps", options);
        BpfProgram program = loaded.GetProgram("xdp_lru_percpu");
        Assert.True(program.VerifierLog.Length > 1024);
        Assert.Contains("processed ", program.VerifierLog);
        Assert.StartsWith("func#0", program.VerifierLog);
    }

    [SkippableFact]
    public void Without_a_log_level_successful_loads_keep_no_log()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("rewrite");
        Assert.All(obj.Programs, p => Assert.Equal("", p.VerifierLog));

        using BpfObject logged = BpfPrograms.Load("rewrite", new BpfLoadOptions { VerifierLogLevel = 1 });
        Assert.All(logged.Programs, p => Assert.Contains("processed ", p.VerifierLog));
    }
}
