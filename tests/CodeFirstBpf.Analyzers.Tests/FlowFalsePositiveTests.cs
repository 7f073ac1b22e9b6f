using Xunit;

namespace CodeFirstBpf.Analyzers.Tests;

/// <summary>
/// Programs the verifier accepts that the flow rules used to stop the build on (issue 10, items 5
/// and 6). Each is also a kernel-accepted program of the flow corpus
/// (tests/CodeFirstBpf.Verifier.Tests/FlowCorpus), where the kernel's verdict is checked.
/// </summary>
public class FlowFalsePositiveTests
{
    /// <summary>With the covering check the verifier accepts; without it the first trip reads unchecked bytes.</summary>
    [Theory]
    [InlineData("if (ip + 1 > ctx.DataEnd) return XdpAction.Pass;", "*w++")]
    [InlineData("", "[|*w++|]")]
    public Task ConstantCountPointerWalkAfterACoveringCheck(string check, string read) => Verify.Analyzer($$"""
        public static unsafe partial class P
        {
            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                var ip = (IPv4Header*)(ctx.Data + 14);
                {{check}}
                ushort* w = (ushort*)ip;
                uint csum = 0;
                for (int i = 0; i < 10; i++) csum += {{read}};
                return csum == 0xffff ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """, "BPF3001");

    [Fact]
    public Task ClampedBound() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            [Tc]
            public static TcAction M(TcContext ctx)
            {
                byte* p = ctx.Data;
                uint n = ctx.Len;
                if (n > 64) n = 64;
                uint sum = 0;
                for (uint i = 0; i < n; i++)
                {
                    if (p + i + 1 > ctx.DataEnd) break;
                    sum += p[i];
                }
                return sum == 7 ? TcAction.Shot : TcAction.Ok;
            }
        }
        """, "BPF3003");

    [Fact]
    public Task LoopOverAParameterOfANoInliningHelper() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static readonly ArrayMap<ulong> Rounds = new(maxEntries: 1);

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static uint Mix(uint length, uint seed)
            {
                uint h = seed;
                while (length > 12)
                {
                    h = (h ^ length) * 0x9e3779b1;
                    ulong* r = Rounds.Lookup(0);
                    if (r != null) *r += 1;
                    length -= 12;
                }
                return h;
            }

            [Xdp]
            public static XdpAction M(XdpContext ctx) => (Mix(40, ctx.RxQueueIndex) & 1) == 0 ? XdpAction.Drop : XdpAction.Pass;
        }
        """, "BPF3003");

    [Fact]
    public Task BoundFromAParameter() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static readonly ArrayMap<ulong> Hits = new(maxEntries: 16);

            static void Touch(uint count)
            {
                for (uint i = 0; i < count; i++)
                {
                    ulong* h = Hits.Lookup(i);
                    if (h != null) *h += 1;
                }
            }

            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                Touch(8);
                return XdpAction.Pass;
            }
        }
        """, "BPF3003");

    /// <summary>An XDP program with a map <c>Hits</c> to touch, so that no loop in <paramref name="body"/> is pure.</summary>
    private static string WithHits(string body) => $$"""
        public static unsafe partial class P
        {
            static readonly ArrayMap<ulong> Hits = new(maxEntries: 16);

            static void Touch(uint i)
            {
                ulong* h = Hits.Lookup(i & 15);
                if (h != null) *h += 1;
            }

            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                {{body}}
                return XdpAction.Pass;
            }
        }
        """;

    [Fact]
    public Task OpaqueBoundWithEffectsIsStillReported() => Verify.Analyzer(WithHits("""
        uint n = ctx.RxQueueIndex;
        [|for|] (uint i = 0; i < n; i++) Touch(i);
        """), "BPF3003");

    [Fact]
    public Task OpaqueStartIsNoCounter() => Verify.Analyzer(WithHits("""
        uint x = ctx.RxQueueIndex;
        [|while|] (x != 1)
        {
            x = (x & 1) == 0 ? x / 2 : 3 * x + 1;
            Touch(x);
        }
        """), "BPF3003");

    [Fact]
    public Task PureCountingLoopIsSilent() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                uint n = ctx.RxQueueIndex, sum = 0;
                for (uint i = 0; i < n; i++) sum += i;
                return sum == 3 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """, "BPF3003");
}
