using Xunit;

namespace CodeFirstBpf.Analyzers.Tests;

/// <summary>Flow rules where the verifier's behaviour is known exactly: errors it always raises, and loops it always accepts.</summary>
public class FlowPrecisionTests
{
    private static string Xdp(string body, string members = "") => $$"""
        public unsafe struct Opts { public byte Kind; public fixed byte Bytes[8]; }
        public struct Pair { public ushort A, B; }
        public static unsafe partial class P
        {
            {{members}}
            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public Task EgressIfIndexInPlainXdp() => Verify.Analyzer(Xdp("return {|#0:ctx.EgressIfIndex|} == 2 ? XdpAction.Drop : XdpAction.Pass;"), "BPF3004",
        Verify.At(0, "BPF3004").WithArguments("XdpContext.EgressIfIndex", "non-devmap XDP"));

    [Theory]
    [InlineData("DevMap")]
    [InlineData("CpuMap")]
    [InlineData("XskMap")]
    public Task RedirectMapFromTc(string map) => Verify.Analyzer($$"""
        public static unsafe partial class P
        {
            static readonly {{map}} Targets = new(maxEntries: 4);

            [Tc]
            public static TcAction N(TcContext ctx) => {|#0:Targets.Redirect(0)|} == XdpAction.Redirect ? TcAction.Redirect : TcAction.Ok;
        }
        """, "BPF3004", Verify.At(0, "BPF3004").WithArguments("RedirectMap.Redirect", "TC"));

    [Fact]
    public Task RedirectMapFromXdpIsSilent() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static readonly DevMap Targets = new(maxEntries: 4);

            [Xdp]
            public static XdpAction M(XdpContext ctx) => Targets.Redirect(ctx.RxQueueIndex & 3, XdpAction.Pass);
        }
        """, "BPF3004");

    [Fact]
    public Task FixedBufferIndexedByPacketByte() => Verify.Analyzer(Xdp("""
        var o = (Opts*)ctx.Data;
        if (o + 1 > ctx.DataEnd) return XdpAction.Pass;
        int i = o->Kind & 7;
        return [|o->Bytes[i]|] == 1 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3001");

    [Fact]
    public Task StructArrayIndexedByContextField() => Verify.Analyzer(Xdp("""
        var pairs = (Pair*)ctx.Data;
        if (pairs + 4 > ctx.DataEnd) return XdpAction.Pass;
        uint q = ctx.RxQueueIndex & 3;
        return [|pairs[q].A|] == 1 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3001");

    [Fact]
    public Task VariableIndexCoveredByACheckOfTheComputedPointer() => Verify.Analyzer(Xdp("""
        var pairs = (Pair*)ctx.Data;
        byte* end = ctx.DataEnd;
        if (pairs + 1 > end) return XdpAction.Pass;
        int i = pairs->A & 3;
        if (pairs + i + 1 > end) return XdpAction.Pass;
        var o = (Opts*)ctx.Data;
        if (o + 1 > end) return XdpAction.Pass;
        int k = o->Kind & 7;
        if (o->Bytes + k + 1 > end) return XdpAction.Pass;
        return pairs[i].B == 1 && o->Bytes[k] == 2 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3001");

    [Fact]
    public Task LoopCounterAndKnownIndexAreSilent() => Verify.Analyzer(Xdp("""
        var o = (Opts*)ctx.Data;
        if (o + 1 > ctx.DataEnd) return XdpAction.Pass;
        int sum = 0;
        for (int i = 0; i < 8; i++) sum += o->Bytes[i];
        int k = o->Kind;
        if (k == 3) sum += o->Bytes[k];
        switch (k) { case 5: sum += o->Bytes[k]; break; }
        return sum == 1 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3001");

    [Theory]
    [InlineData("if (eth + 1 == ctx.DataEnd) return [|eth->EtherType|] == 8 ? XdpAction.Drop : XdpAction.Pass;")]
    [InlineData("if (eth + 1 != ctx.DataEnd) return XdpAction.Pass; return [|eth->EtherType|] == 8 ? XdpAction.Drop : XdpAction.Pass;")]
    [InlineData("if (ctx.DataEnd != eth + 1) return XdpAction.Pass; return [|eth->EtherType|] == 8 ? XdpAction.Drop : XdpAction.Pass;")]
    public Task EqualityIsNotABoundsCheck(string check) => Verify.Analyzer(Xdp("var eth = (EthernetHeader*)ctx.Data;\n" + check + "\nreturn XdpAction.Pass;"), "BPF3001");

    [Fact]
    public Task LoopsThatLeaveInTheirFirstIterationAreSilent() => Verify.Analyzer(Xdp("""
        uint n = ctx.RxQueueIndex, sum = 0;
        while (true) { sum += n; break; }
        while (n > sum)
        {
            if (n == 3) return XdpAction.Drop;
            else break;
        }
        for (;;)
        {
            sum++;
            if (sum > 4) return XdpAction.Tx;
            return XdpAction.Pass;
        }
        """), "BPF3003");

    [Fact]
    public Task LoopThatContinuesIsStillUnbounded() => Verify.Analyzer(Xdp("""
        uint n = ctx.RxQueueIndex, sum = 0;
        [|while|] (true)
        {
            sum++;
            Bpf.Printk("%u", sum);
            if (sum < n) continue;
            break;
        }
        return sum == 1 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3003");
}
