using CodeFirstBpf.Analyzers.CodeFixes;
using Xunit;

namespace CodeFirstBpf.Analyzers.Tests;

/// <summary>
/// Every code fix supports Fix All (document, project, solution), so <c>dotnet format analyzers
/// --diagnostics BPF3001</c> fixes a whole solution in one go; each test has several diagnostics
/// across two files.
/// </summary>
public class FixAllTests
{
    private const string BoundsA = """
        public static unsafe partial class A
        {
            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                var eth = (EthernetHeader*)ctx.Data;
                if ([|eth->EtherType|] == 8) return XdpAction.Drop;
                return XdpAction.Pass;
            }
        }
        """;

    private const string BoundsAFixed = """
        public static unsafe partial class A
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
        """;

    [Fact]
    public Task Bounds_checks_in_two_files() => Verify.FixAll<BoundsCheckCodeFix>(
        new[] { BoundsA, BoundsA.Replace("class A", "class B") },
        new[] { BoundsAFixed, BoundsAFixed.Replace("class A", "class B") }, "BPF3001");

    private const string NullA = """
        public static unsafe partial class A
        {
            static readonly ArrayMap<ulong> Counts = new(4);
            static readonly HashMap<uint, ulong> Seen = new(16);

            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                ulong* c = Counts.Lookup(0);
                ulong* s = Seen.Lookup(7);
                [|*c|] += 1;
                [|*s|] = 2;
                return XdpAction.Pass;
            }
        }
        """;

    private const string NullAFixed = """
        public static unsafe partial class A
        {
            static readonly ArrayMap<ulong> Counts = new(4);
            static readonly HashMap<uint, ulong> Seen = new(16);

            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                ulong* c = Counts.Lookup(0);
                ulong* s = Seen.Lookup(7);
                if (c != null)
                {
                    *c += 1;
                }
                if (s != null)
                {
                    *s = 2;
                }
                return XdpAction.Pass;
            }
        }
        """;

    [Fact]
    public Task Null_checks_in_two_files() => Verify.FixAll<NullCheckCodeFix>(
        new[] { NullA, NullA.Replace("class A", "class B") },
        new[] { NullAFixed, NullAFixed.Replace("class A", "class B") }, "BPF3002", NullCheckCodeFix.WrapKey);

    private const string LoopsA = """
        public static unsafe partial class A
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
                [|foreach (byte d in {|CS1579:eth->Destination|})
                {
                    sum ^= d;
                }|]
                return sum == 0 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """;

    private const string LoopsAFixed = """
        public static unsafe partial class A
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
                for (int i = 0; i < 6; i++)
                {
                    byte d = eth->Destination[i];
                    sum ^= d;
                }
                return sum == 0 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """;

    [Fact]
    public Task Foreach_loops_in_two_files() => Verify.FixAll<ForeachToForCodeFix>(
        new[] { LoopsA, LoopsA.Replace("class A", "class B") },
        new[] { LoopsAFixed, LoopsAFixed.Replace("class A", "class B") }, "BPF1009");
}
