using Xunit;

namespace CodeFirstBpf.Analyzers.Tests;

/// <summary>What the generator needs from program classes, program methods and map fields.</summary>
public class DeclarationTests
{
    [Fact]
    public Task WrongProgramSignature() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            [Xdp]
            public static int [|M|](XdpContext ctx) => 2;

            [Tc]
            public static TcAction [|N|](XdpContext ctx) => TcAction.Ok;
        }
        """, "BPF2001");

    [Fact]
    public Task RightProgramSignaturesAreSilent() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            [Xdp]
            public static XdpAction M(XdpContext ctx) => XdpAction.Pass;

            [Tc]
            internal static TcAction N(TcContext skb) => TcAction.Ok;
        }
        """, "BPF2001");

    [Fact]
    public Task MapValueNotUnmanaged() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static readonly HashMap<uint, XdpContext> [|Contexts|] = new(maxEntries: 4);

            [Xdp]
            public static XdpAction M(XdpContext ctx) => XdpAction.Pass;
        }
        """, "BPF2002");

    [Fact]
    public Task MapFieldNotStaticReadonly() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static HashMap<uint, ulong> [|Counts|] = new(maxEntries: 4);

            [Xdp]
            public static XdpAction M(XdpContext ctx) => XdpAction.Pass;
        }
        """, "BPF2003");

    [Fact]
    public Task MapSizeNotConstant() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static int size = 16;
            static readonly HashMap<uint, ulong> [|BySize|] = new(maxEntries: (uint)size);
            static readonly ArrayMap<ulong> [|Empty|] = new(0);
            static readonly ArrayMap<ulong> [|Unset|];

            [Xdp]
            public static XdpAction M(XdpContext ctx) => XdpAction.Pass;
        }
        """, "BPF2004");

    [Fact]
    public Task WellDeclaredMapsAreSilent() => Verify.Analyzer("""
        public struct Key { public uint A; public ushort B; }
        public static unsafe partial class P
        {
            const uint Size = 1024;
            static readonly HashMap<Key, ulong> A = new(maxEntries: Size);
            static readonly LruHashMap<uint, Key> B = new(Size * 2);
            static readonly PerCpuArrayMap<ulong> C = new(maxEntries: 1);
            [Pinned] static readonly ArrayMap<Key> D = new(maxEntries: 4);
            static readonly PerfEventArrayMap<Key> PerCpuEvents = new();

            [Xdp]
            public static XdpAction M(XdpContext ctx) => XdpAction.Pass;
        }
        """, "BPF2004");

    [Fact]
    public Task ProgramClassNotStaticPartial() => Verify.Analyzer("""
        public static class [|Plain|]
        {
            [Xdp]
            public static XdpAction M(XdpContext ctx) => XdpAction.Pass;
        }
        public static partial class Outer
        {
            public static partial class [|Nested|]
            {
                [Xdp]
                public static XdpAction M(XdpContext ctx) => XdpAction.Pass;
            }
        }
        """, "BPF2005");

    [Fact]
    public Task PrintkWithVariableFormat() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static void Log(string format) => [|Bpf.Printk(format)|];

            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                Log({|BPF1003:"hi"|});
                return XdpAction.Pass;
            }
        }
        """, "BPF2006");

    [Fact]
    public Task PrintkWithNonIntegerArgument() => Verify.Analyzer("""
        public struct Pair { public uint A, B; }
        public static unsafe partial class P
        {
            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                [|Bpf.Printk("pair %u", default(Pair))|];
                Bpf.Printk("ok %u %d %llu", ctx.RxQueueIndex, -1, 2UL);
                return XdpAction.Pass;
            }
        }
        """, "BPF2006");
}
