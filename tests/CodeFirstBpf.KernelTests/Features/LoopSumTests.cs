using CodeFirstBpf.KernelTests.Differential;
using Xunit;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>Bpf.Loop in the kernel and as .NET agree.</summary>
public class LoopSumTests
{
    private const ulong ExpectedSum = 49_999UL * 50_000UL / 2;

    [SkippableFact]
    public void Bpf_loop_runs_until_the_body_stops_it()
    {
        Kernel.Require();
        using var loaded = LoopSum.Load();
        Assert.Equal(XdpAction.Pass, loaded.Programs.Run.TestRun(new byte[64]).Action);
        Assert.Equal(ExpectedSum, loaded.Maps.Results[0]);
        Assert.Equal(50_001UL, loaded.Maps.Results[1]);
    }

    [Fact]
    public unsafe void The_same_code_runs_as_dotnet()
    {
        var state = new SumState { Limit = 50_000 };
        long n = Bpf.Loop(100_000, &LoopSum.Add, ref state);
        Assert.Equal(ExpectedSum, state.Sum);
        Assert.Equal(50_001, n);
    }

}
