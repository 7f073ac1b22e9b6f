using Xunit;

namespace CodeFirstBpf.Semantics.Tests.Harness;

/// <summary>The harness itself: a trivially correct program agrees, a wrong .NET side is caught.</summary>
public class HarnessSelfTests
{
    private const string Echo = """
        public static unsafe partial class P
        {
            static readonly ArrayMap<ulong> Out = new(4);
            [Xdp]
            public static XdpAction Run(XdpContext ctx)
            {
                byte* d = ctx.Data;
                if (d + 16 > ctx.DataEnd) return XdpAction.Pass;
                Out.Update(0, (ulong)d[3] * 3 + d[15]);
                return d[0] > 0x80 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """;

    [SkippableFact]
    public void A_correct_program_agrees_over_the_corpus()
    {
        Kernel.Require();
        using var s = SnippetCompiler.Compile(Echo);
        s.AssertAgrees();
        var run = s.Run();
        Assert.NotNull(run.KernelOut);
        Assert.Equal(run.KernelOut, run.DotNetOut);
    }

    [SkippableFact]
    public void A_difference_is_caught_and_pinpointed()
    {
        Kernel.Require();
        // The clock is read at different instants on the two sides: an honest difference.
        using var s = SnippetCompiler.Compile(Echo.Replace("(ulong)d[3] * 3 + d[15]", "Bpf.KtimeGetNs() | 1"));
        Assert.Empty(s.Errors);
        var run = s.Run();
        Assert.False(run.Agrees);
        Assert.Contains("Out[0]: kernel", run.Detail);
    }

    [SkippableFact]
    public void A_tc_program_runs()
    {
        Kernel.Require();
        using var s = SnippetCompiler.Compile("""
            public static unsafe partial class P
            {
                static readonly ArrayMap<ulong> Out = new(4);
                [Tc]
                public static TcAction Run(TcContext ctx)
                {
                    byte* d = ctx.Data;
                    if (d + 40 > ctx.DataEnd) return TcAction.Ok;
                    Out.Update(1, d[39]);
                    return TcAction.Ok;
                }
            }
            """);
        s.AssertAgrees();
    }

    [Fact]
    public void A_rejected_snippet_reports_a_bpf_error()
    {
        using var s = SnippetCompiler.Compile("""
            public static unsafe partial class P
            {
                [Xdp]
                public static XdpAction Run(XdpContext ctx) { float f = ctx.Data[0]; return f > 1 ? XdpAction.Drop : XdpAction.Pass; }
            }
            """);
        Assert.Contains(s.BpfErrors, d => d.Id == "BPF1013");
    }
}
