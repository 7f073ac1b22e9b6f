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
    public Task BadInnerMaps() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static readonly HashMap<uint, ulong> Template = new(maxEntries: 64);
            static readonly ArrayOfMaps<ArrayOfMaps<ArrayMap<ulong>>> {|#0:Nested|} = new(4, innerTemplate: new ArrayOfMaps<ArrayMap<ulong>>(2, new ArrayMap<ulong>(2)));
            static readonly ArrayOfMaps<ProgramArrayMap> {|#1:Jumps|} = new(4, innerTemplate: new ProgramArrayMap(4));
            static readonly ArrayOfMaps<HashMap<uint, ulong>> NotInPlace = new(8, innerTemplate: {|#2:Template|});
            static readonly HashOfMaps<uint, HashMap<uint, ulong>> Unsized = new(8, innerTemplate: {|#3:new HashMap<uint, ulong>((uint)Template.MaxEntries)|});

            [Xdp]
            public static XdpAction M(XdpContext ctx) => XdpAction.Pass;
        }
        """, "BPF2012",
        Verify.At(0, "BPF2012").WithArguments("Nested", "the kernel nests maps of maps one level deep only, so an inner map cannot hold maps"),
        Verify.At(1, "BPF2012").WithArguments("Jumps", "a ProgramArrayMap cannot be an inner map (the kernel takes every map kind but program arrays and maps of maps)"),
        Verify.At(2, "BPF2012").WithArguments("NotInPlace", "the inner template must be written in place as 'innerTemplate: new HashMap<…>(maxEntries: N)' (its shape is fixed in the ELF object)"),
        Verify.At(3, "BPF2012").WithArguments("Unsized", "the inner template's size must be a positive compile-time constant"));

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
            static readonly ArrayOfMaps<LpmTrieMap<uint, Key>> Tries = new(maxEntries: 8, innerTemplate: new LpmTrieMap<uint, Key>(maxEntries: 64));
            static readonly HashOfMaps<Key, RingBufferMap<Key>> Rings = new(16, innerTemplate: new RingBufferMap<Key>(4096), flags: MapFlags.NoPrealloc);

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
