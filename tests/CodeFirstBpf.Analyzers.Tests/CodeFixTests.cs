using CodeFirstBpf.Analyzers.CodeFixes;
using Xunit;

namespace CodeFirstBpf.Analyzers.Tests;

/// <summary>Each code fix turns the reported code into code the analyzers (and the verifier) accept.</summary>
public class CodeFixTests
{
    [Fact]
    public Task BoundsCheckInXdpProgram() => Verify.CodeFix<BoundsCheckCodeFix>("""
        public static unsafe partial class P
        {
            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                var eth = (EthernetHeader*)ctx.Data;
                if ([|eth->EtherType|] == 8) return XdpAction.Drop;
                return XdpAction.Pass;
            }
        }
        """, """
        public static unsafe partial class P
        {
            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                var eth = (EthernetHeader*)ctx.Data;
                if (eth + 1 > ctx.DataEnd) return XdpAction.Pass;
                if (eth->EtherType == 8) return XdpAction.Drop;
                return XdpAction.Pass;
            }
        }
        """, "BPF3001");

    [Fact]
    public Task BoundsCheckInTcProgramUsesTheEndLocalAndTheRightAction() => Verify.CodeFix<BoundsCheckCodeFix>("""
        public static unsafe partial class P
        {
            [Tc]
            public static TcAction M(TcContext ctx)
            {
                byte* end = ctx.DataEnd;
                var eth = (EthernetHeader*)ctx.Data;
                if (eth + 1 > end) return TcAction.Ok;
                byte* p = (byte*)(eth + 1);
                if (ctx.Len > 100)
                    [|p[5]|] = 0;
                return TcAction.Ok;
            }
        }
        """, """
        public static unsafe partial class P
        {
            [Tc]
            public static TcAction M(TcContext ctx)
            {
                byte* end = ctx.DataEnd;
                var eth = (EthernetHeader*)ctx.Data;
                if (eth + 1 > end) return TcAction.Ok;
                byte* p = (byte*)(eth + 1);
                if (ctx.Len > 100)
                {
                    if (p + 6 > end) return TcAction.Ok;
                    p[5] = 0;
                }
                return TcAction.Ok;
            }
        }
        """, "BPF3001");

    [Fact]
    public Task NullCheckByWrapping() => Verify.CodeFix<NullCheckCodeFix>("""
        public static unsafe partial class P
        {
            static readonly HashMap<uint, ulong> Counts = new(maxEntries: 64);

            static void Count(uint key)
            {
                ulong* c = Counts.Lookup(key);
                Interlocked.Increment(ref [|*c|]);
            }

            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                Count(ctx.RxQueueIndex);
                return XdpAction.Pass;
            }
        }
        """, """
        public static unsafe partial class P
        {
            static readonly HashMap<uint, ulong> Counts = new(maxEntries: 64);

            static void Count(uint key)
            {
                ulong* c = Counts.Lookup(key);
                if (c != null)
                {
                    Interlocked.Increment(ref *c);
                }
            }

            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                Count(ctx.RxQueueIndex);
                return XdpAction.Pass;
            }
        }
        """, "BPF3002", NullCheckCodeFix.WrapKey);

    [Fact]
    public Task NullCheckByReturningEarly() => Verify.CodeFix<NullCheckCodeFix>("""
        public static unsafe partial class P
        {
            static readonly ArrayMap<ulong> Counts = new(maxEntries: 4);

            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                ulong* c = Counts.Lookup(0);
                ulong seen = [|*c|];
                *c = seen + 1;
                return seen > 10 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """, """
        public static unsafe partial class P
        {
            static readonly ArrayMap<ulong> Counts = new(maxEntries: 4);

            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                ulong* c = Counts.Lookup(0);
                if (c == null) return XdpAction.Pass;
                ulong seen = *c;
                *c = seen + 1;
                return seen > 10 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """, "BPF3002", NullCheckCodeFix.ReturnKey);

    [Fact]
    public Task ForeachOverFixedBufferBecomesFor() => Verify.CodeFix<ForeachToForCodeFix>("""
        public static unsafe partial class P
        {
            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                var eth = (EthernetHeader*)ctx.Data;
                if (eth + 1 > ctx.DataEnd) return XdpAction.Pass;
                uint sum = 0;
                [|foreach (byte b in {|CS1579:eth->Source|})
                {
                    sum += b;
                }|]
                return sum == 0 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """, """
        public static unsafe partial class P
        {
            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                var eth = (EthernetHeader*)ctx.Data;
                if (eth + 1 > ctx.DataEnd) return XdpAction.Pass;
                uint sum = 0;
                for (int i = 0; i < 6; i++)
                {
                    byte b = eth->Source[i];
                    sum += b;
                }
                return sum == 0 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """, "BPF1009");

    [Fact]
    public Task ForeachOverInlineArrayBecomesFor() => Verify.CodeFix<ForeachToForCodeFix>("""
        [System.Runtime.CompilerServices.InlineArray(4)]
        public struct Four { private uint _e; }

        public static unsafe partial class P
        {
            static uint Sum(Four f)
            {
                uint i = 0;
                [|foreach (var v in f) i += v;|]
                return i;
            }

            [Xdp]
            public static XdpAction M(XdpContext ctx) => Sum(default) == 0 ? XdpAction.Drop : XdpAction.Pass;
        }
        """, """
        [System.Runtime.CompilerServices.InlineArray(4)]
        public struct Four { private uint _e; }

        public static unsafe partial class P
        {
            static uint Sum(Four f)
            {
                uint i = 0;
                for (int j = 0; j < 4; j++)
                {
                    var v = f[j];
                    i += v;
                }
                return i;
            }

            [Xdp]
            public static XdpAction M(XdpContext ctx) => Sum(default) == 0 ? XdpAction.Drop : XdpAction.Pass;
        }
        """, "BPF1009");
}
