using System.Threading.Tasks;
using Xunit;

namespace CodeFirstBpf.Analyzers.Tests;

/// <summary>
/// The program types beyond XDP and TC, judged from the facts their attributes and contexts carry:
/// BPF3004 names the type that may not use a helper, BPF2001 the signature the type's facts ask for.
/// </summary>
public class SocketProgramTypeTests
{
    [Fact]
    public Task RedirectFromASocketFilter() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            [SocketFilter]
            public static long M(SocketContext ctx) => {|#0:Bpf.Redirect(1, 0)|} == 7 ? 0 : ctx.Len;
        }
        """, "BPF3004", Verify.At(0, "BPF3004").WithArguments("Bpf.Redirect", "socket filter"));

    [Fact]
    public Task CsumDiffInAHelperSharedByTcAndCgroupSkbIsDeniedForCgroupSkbOnly() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static long Sum(uint* words) => {|#0:Bpf.CsumDiff(null, 0, words, 4, 0)|};

            [Tc]
            public static TcAction T(TcContext ctx) { uint w = ctx.Len; return Sum(&w) == 0 ? TcAction.Shot : TcAction.Ok; }

            [CgroupSkb(CgroupSkbDirection.Ingress)]
            public static CgroupSkbAction C(SkbContext ctx) { uint w = ctx.Len; return Sum(&w) == 0 ? CgroupSkbAction.Drop : CgroupSkbAction.Allow; }
        }
        """, "BPF3004", Verify.At(0, "BPF3004").WithArguments("Bpf.CsumDiff", "cgroup skb"));

    [Fact]
    public Task SockAddrProgramsUsingTheirContextAndBaseHelpersAreSilent() => Verify.Analyzer("""
        public struct Vip { public uint Ip, Port; }
        public static unsafe partial class P
        {
            static readonly HashMap<Vip, Vip> Backends = new(maxEntries: 8);

            [CgroupSockAddr(SockAddrHook.Connect4)]
            public static SockAddrAction M(SockAddrContext ctx)
            {
                var key = new Vip { Ip = ctx.UserIp4, Port = ctx.UserPort };
                Vip* b = Backends.Lookup(key);
                if (b != null && Bpf.GetPrandomU32() != 0) { ctx.UserIp4 = b->Ip; ctx.UserPort = b->Port; }
                return SockAddrAction.Proceed;
            }

            [SockOps]
            public static int S(SockOpsContext ctx) => ctx.Op == (uint)SockOp.ActiveEstablishedCb ? 1 : 0;
        }
        """, "BPF3004");

    [Fact]
    public Task AProgramWithAnotherTypesSignature() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            [CgroupSockAddr(SockAddrHook.RecvMsg4)]
            public static XdpAction {|#0:M|}(SockAddrContext ctx) => XdpAction.Pass;
        }
        """, "BPF2001", Verify.At(0, "BPF2001").WithArguments("M", "SockAddrAction", "SockAddrContext"));

    [Fact]
    public Task ASocketFilterReturnsLong() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            [SocketFilter]
            public static int {|#0:M|}(SocketContext ctx) => 0;
        }
        """, "BPF2001", Verify.At(0, "BPF2001").WithArguments("M", "long", "SocketContext"));

    [Fact]
    public Task AHookThatIsNoMemberOfItsEnum() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            [CgroupSockAddr((SockAddrHook)99)]
            public static SockAddrAction {|#0:M|}(SockAddrContext ctx) => SockAddrAction.Proceed;
        }
        """, "BPF1001", Verify.At(0, "BPF1001").WithArguments("A [CgroupSockAddr] hook that is not a named member of its enum",
            "pass one of the enum's named hooks (each names the ELF section libbpf attaches by)"));
}
