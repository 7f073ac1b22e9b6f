using Xunit;

namespace CodeFirstBpf.Analyzers.Tests;

/// <summary>The C# subset (SPEC §1), live: each rejected construct in BPF code, and the same code outside BPF staying silent.</summary>
public class SubsetTests
{
    private static string Program(string helper, string members = "") => Verify.HelperProgram(helper, members);

    [Fact]
    public Task LocalFunction() => Verify.Analyzer(Program("[|int Twice(int y) => y * 2;|]\n return Twice(x);"), "BPF1001");

    [Fact]
    public Task HeapAllocation() => Verify.Analyzer(Program("var b = [|new Box()|];\n return x;") + "\npublic class Box { }", "BPF1002");

    [Fact]
    public Task StringLiteral() => Verify.Analyzer(Program("string s = [|\"hello\"|];\n return x;"), "BPF1003");

    [Fact]
    public Task ManagedArray() => Verify.Analyzer(Program("int[] a = [|new int[4]|];\n return x;"), "BPF1004");

    [Fact]
    public Task Boxing() => Verify.Analyzer(Program("object o = [|x|];\n return 0;"), "BPF1005");

    [Fact]
    public Task VirtualCall() => Verify.Analyzer(Program("return [|x.GetHashCode()|];"), "BPF1006");

    [Fact]
    public Task Lambda() => Verify.Analyzer(Program("Func<int, int> f = [|y => y + 1|];\n return x;"), "BPF1007");

    [Fact]
    public Task Linq() => Verify.Analyzer("using System.Linq;\n" + Program("return [|System.Linq.Enumerable.Count(System.Linq.Enumerable.Range(0, x))|];"), "BPF1008");

    [Fact]
    public Task ForeachOverInlineArray() => Verify.Analyzer(Program("Four f = default;\n int s = 0;\n [|foreach (byte b in f) s += b;|]\n return s;")
        + "\n[System.Runtime.CompilerServices.InlineArray(4)] public struct Four { private byte _e; }", "BPF1009");

    [Fact]
    public Task Throw() => Verify.Analyzer(Program("if (x < 0) [|throw new InvalidOperationException();|]\n return x;"), "BPF1010");

    [Fact]
    public Task TryFinally() => Verify.Analyzer(Program("[|try { x++; } finally { x--; }|]\n return x;"), "BPF1010");

    [Fact]
    public Task AsyncMethod() => Verify.Analyzer("""
        using System.Threading.Tasks;
        public static unsafe partial class P
        {
            static async Task [|Later|]() { }

            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                Later();
                return XdpAction.Pass;
            }
        }
        """, "BPF1011");

    [Fact]
    public Task DirectRecursion() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static uint Sum(uint n) => n == 0 ? 0 : n + [|Sum(n - 1)|];

            [Xdp]
            public static XdpAction M(XdpContext ctx) => Sum(ctx.RxQueueIndex) == 3 ? XdpAction.Drop : XdpAction.Pass;
        }
        """, "BPF1012");

    [Fact]
    public Task MutualRecursion() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static bool Even(uint n) => n == 0 || [|Odd(n - 1)|];
            static bool Odd(uint n) => n != 0 && [|Even(n - 1)|];

            [Xdp]
            public static XdpAction M(XdpContext ctx) => Even(ctx.RxQueueIndex) ? XdpAction.Drop : XdpAction.Pass;
        }
        """, "BPF1012");

    [Fact]
    public Task FloatingPoint() => Verify.Analyzer(Program("return (int)([|x * 0.5|]);"), "BPF1013");

    [Fact]
    public Task Dynamic() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static int Length(dynamic d) => [|d.Length|];

            [Xdp]
            public static XdpAction M(XdpContext ctx) => Length({|BPF1005:1|}) == 0 ? XdpAction.Drop : XdpAction.Pass;
        }
        """, "BPF1014");

    [Fact]
    public Task MethodWithoutSource() => Verify.Analyzer(Program("return [|Math.Sign(x)|];"), "BPF1015");

    [Fact]
    public Task MathMinIsAnIntrinsic() => Verify.Analyzer(Program("return Math.Max(x, 3);"), "BPF1015");

    [Fact]
    public Task StackOver512Bytes() => Verify.Analyzer("""
        public unsafe struct Big { public fixed byte Bytes[600]; }
        public static unsafe partial class P
        {
            [Xdp]
            public static XdpAction {|#0:M|}(XdpContext ctx)
            {
                Big big = default;
                big.Bytes[0] = 1;
                return big.Bytes[0] == 1 ? XdpAction.Pass : XdpAction.Drop;
            }
        }
        """, "BPF1016", Verify.At(0, "BPF1016").WithArguments("M", "about 608"));

    [Fact]
    public Task CheckedArithmetic() => Verify.Analyzer(Program("return checked([|x + 1|]);"), "BPF1017");

    [Fact]
    public Task ClassInstanceMember() => Verify.Analyzer("""
        public class Holder { public int Value; }
        public static unsafe partial class P
        {
            static int Read(Holder h) => [|h.Value|];

            [Xdp]
            public static XdpAction M(XdpContext ctx) => Read(null!) == 0 ? XdpAction.Drop : XdpAction.Pass;
        }
        """, "BPF1018");

    [Fact]
    public Task SubsetHoldsOnlyInBpfCode() => Verify.Analyzer("""
        using System.Linq;
        using System.Threading.Tasks;
        public class Box { public int Value; }
        public static class Userspace
        {
            static async Task<double> Run(object o, string s)
            {
                var b = new Box { Value = new[] { 1, 2 }.Sum() };
                foreach (var c in s) b.Value += c;
                try { await Task.Yield(); } catch (Exception) { throw; }
                Func<int, int> f = x => checked(x * 2);
                return Math.Sqrt(f(b.Value)) + o.GetHashCode();
            }

            static int Forever(int n) => Forever(n + 1);
        }
        public static unsafe partial class P
        {
            [Xdp]
            public static XdpAction M(XdpContext ctx) => XdpAction.Pass;
        }
        """, "BPF1001");

    [Fact]
    public Task AllowedSubsetIsSilent() => Verify.Analyzer("""
        public struct Pair { public uint A; public ushort B; }
        public static unsafe partial class P
        {
            const int Limit = 8;
            static readonly ArrayMap<ulong> Counts = new(maxEntries: Limit);

            static T Pick<T>(bool first, T a, T b) where T : unmanaged => first ? a : b;

            static uint Mix(ref Pair p, in Pair q, out uint r)
            {
                r = unchecked(p.A * 31 + q.B);
                p = p with { B = (ushort)(q.B ^ 1) };
                return r >> 3;
            }

            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                var p = new Pair { A = ctx.RxQueueIndex, B = 7 };
                var q = default(Pair);
                uint total = 0;
                for (int i = 0; i < Limit; i++)
                {
                    total += Mix(ref p, in q, out uint r) + r;
                    switch (i % 3)
                    {
                        case 0: continue;
                        case 1: total ^= (uint)sizeof(Pair); break;
                        default: total = Pick(total > 4, total, 4u); break;
                    }
                }
                ulong* c = Counts.Lookup(total & 7);
                if (c != null) Interlocked.Increment(ref *c);
                Bpf.Printk("total %u cpu %u", total, Bpf.GetSmpProcessorId());
                return total switch { 0 => XdpAction.Drop, < 100 => XdpAction.Pass, _ => XdpAction.Tx };
            }
        }
        """, "BPF1001");
}
