namespace CodeFirstBpf.Semantics.Tests.Corpus;

/// <summary>
/// One snippet per item of the README's "Rejected with a diagnostic" list, plus odd inputs: each
/// must give exactly one <c>BPF####</c> error inside its <c>[|…|]</c> span, never a crash.
/// </summary>
public static class RejectedCases
{
    private const string Enumerable3 = """
        public struct Three { public ThreeEnum GetEnumerator() => new ThreeEnum(); }
        public struct ThreeEnum { int _i; public int Current => _i; public bool MoveNext() => ++_i < 3; }
        """;

    /// <summary>The rows.</summary>
    public static IEnumerable<CorpusCase> All() =>
    [
        CorpusCase.Bad("class allocation (BPF1002)", "var o = [|new Box()|]; Out.Update(0, o.V);", types: "public class Box { public uint V; }"),
        CorpusCase.Bad("string (BPF1003)", "[|string s = \"abc\";|] Out.Update(0, d[20]);"),
        CorpusCase.Bad("string length", "Out.Update(0, (ulong)[|\"abc\"|].Length);"),
        CorpusCase.Bad("managed array (BPF1004)", "var a = [|new uint[4]|]; a[0] = d[20]; Out.Update(0, a[0]);"),
        CorpusCase.Bad("boxing (BPF1005)", "uint v = d[20]; object o = [|v|]; Out.Update(0, o == null ? 1ul : 0ul);"),
        CorpusCase.Bad("interface call (BPF1006)", "var s = new Impl { V = d[20] }; [|IGet g = s; Out.Update(0, g.Get());|]",
            types: "public interface IGet { uint Get(); } public struct Impl : IGet { public uint V; public uint Get() => V; }"),
        CorpusCase.Bad("lambda (BPF1007)", "Func<uint, uint> f = [|x => x + 1|]; Out.Update(0, f(d[20]));"),
        CorpusCase.Bad("LINQ (BPF1008)", "Out.Update(0, (ulong)[|System.Linq.Enumerable.Count(System.Linq.Enumerable.Range(0, d[20]))|]);"),
        CorpusCase.Bad("foreach (BPF1009)", "ulong s = 0; [|foreach (int x in new Three()) s += (ulong)x;|] Out.Update(0, s);", types: Enumerable3),
        CorpusCase.Bad("throw (BPF1010)", "if (d[20] == 0) [|throw new InvalidOperationException();|] Out.Update(0, d[20]);"),
        CorpusCase.Bad("try/finally (BPF1010)", "[|try { Out.Update(0, d[20]); } finally { Out.Update(1, 1); }|]"),
        // The async method is the offence, wherever it is called from.
        CorpusCase.Bad("async (BPF1011)", "AsyncHelpers.Fire(); Out.Update(0, d[20]);",
            types: "public static class AsyncHelpers { [|public static async void Fire() { await System.Threading.Tasks.Task.Yield(); }|] }"),
        CorpusCase.Bad("recursion (BPF1012)", "Out.Update(0, F(d[20]));", members: "[|static uint F(uint n) => n == 0 ? 0 : F(n - 1) + 1;|]"),
        CorpusCase.Bad("floating point (BPF1013)", "[|double x = d[20] * 1.5;|] Out.Update(0, d[20]);"),
        CorpusCase.Bad("float cast", "Out.Update(0, (ulong)[|(float)d[20]|]);"),
        CorpusCase.Bad("decimal", "[|decimal m = d[20];|] Out.Update(0, d[20]);"),
        CorpusCase.Bad("dynamic (BPF1014)", "[|dynamic x = d[20];|] Out.Update(0, d[20]);"),
        CorpusCase.Bad("method without source (BPF1015)", "Out.Update(0, (ulong)[|Environment.ProcessorCount|]);"),
        CorpusCase.Bad("GC call without source", "[|GC.KeepAlive(null)|]; Out.Update(0, d[20]);"),
        CorpusCase.Bad("Unsafe.As without source", "uint v = d[20]; Out.Update(0, (ulong)[|Unsafe.As<uint, int>(ref v)|]);"),
        // The frame is the method's: anywhere in it will do.
        CorpusCase.BadSource("stack frame over 512 bytes (BPF1016)", """
            public static unsafe partial class P
            {
                static readonly ArrayMap<ulong> Out = new(4);
                [Xdp]
                [|public static XdpAction Run(XdpContext ctx)
                {
                    byte* d = ctx.Data;
                    if (d + 64 > ctx.DataEnd) return XdpAction.Pass;
                    Big b = default;
                    b.X[d[20] & 511] = 1;
                    Out.Update(0, b.X[d[21] & 511]);
                    return XdpAction.Pass;
                }|]
            }
            public unsafe struct Big { public fixed byte X[600]; }
            """),
        CorpusCase.Bad("checked arithmetic (BPF1017)", "uint a = d[20]; Out.Update(0, [|checked(a * 4000000000u)|]);"),
        CorpusCase.Bad("checked block", "uint a = d[20]; [|checked { a += 4000000000u; }|] Out.Update(0, a);"),
        CorpusCase.Bad("static constructor (BPF1019)", "Out.Update(0, s_v + d[20]);", members: "static uint s_v; [|static P() { s_v = 3; }|]"),
        CorpusCase.Bad("Interlocked.Exchange on v2 (BPF1021)", "ulong* v = Out.Lookup(0); if (v != null) Out.Update(1, [|Interlocked.Exchange(ref *v, d[20])|]);", cpu: "v2"),
        CorpusCase.Bad("Span<byte>", "[|Span<byte> s = new Span<byte>(d, 8);|] Out.Update(0, d[20]);"),
        CorpusCase.Bad("list pattern", "Out.Update(0, [|new ReadOnlySpan<byte>(d, 2) is [1, _]|] ? 1ul : 0ul);"),
        CorpusCase.Bad("InlineArray indexed by a variable", "Buf4 b = default; [|b[d[20] & 3]|] = 1; Out.Update(0, b[0]);",
            types: "[InlineArray(4)] public struct Buf4 { private uint _e; }"),
        CorpusCase.Bad("typeof", "Out.Update(0, [|typeof(uint).IsValueType|] ? 1ul : 0ul);"),
        CorpusCase.Bad("nullable int", "[|int? x = d[20] > 5 ? d[20] : null;|] Out.Update(0, (ulong)(x ?? 0));"),
        CorpusCase.Bad("Int128", "[|Int128 w = d[20];|] Out.Update(0, d[20]);"),
        CorpusCase.Bad("stackalloc inside a loop", "ulong s = 0; for (int i = 0; i < 4; i++) { byte* b = [|stackalloc byte[8]|]; b[0] = d[20 + i]; s += b[0]; } Out.Update(0, s);"),
        CorpusCase.Bad("stackalloc of variable size", "byte* b = [|stackalloc byte[d[20]]|]; Out.Update(0, d[21]);"),
        CorpusCase.Bad("LayoutKind.Auto struct local (BPF2009)", "[|AutoS a = default;|] a.A = d[20]; Out.Update(0, a.A);", types: "[StructLayout(LayoutKind.Auto)] public struct AutoS { public uint A; public byte B; }"),
        CorpusCase.Bad("2,500-term expression (BPF1020)", "uint a = d[20]; Out.Update(0, [|" + string.Join("+", Enumerable.Repeat("a", 2500)) + "|]);"),
        CorpusCase.Bad("lock statement", "[|lock (s_gate) { Out.Update(0, d[20]); }|]", members: "static readonly object s_gate = new();"),
        CorpusCase.Bad("DateTime.Now", "Out.Update(0, (ulong)[|DateTime.Now|].Ticks);"),
        CorpusCase.Bad("capturing local function", "uint k = d[20]; Out.Update(0, [|Add(1)); uint Add(uint x) => x + k;|]"),
        CorpusCase.BadSource("program signature (BPF2001)", """
            public static unsafe partial class P
            {
                [Xdp]
                public static int [|Run|](XdpContext ctx) => 2;
            }
            """),
        CorpusCase.BadSource("map field not readonly (BPF2003)", """
            public static unsafe partial class P
            {
                static ArrayMap<ulong> [|Out|] = new(4);
                [Xdp]
                public static XdpAction Run(XdpContext ctx) { Out.Update(0, 1); return XdpAction.Pass; }
            }
            """),
        CorpusCase.BadSource("map size not constant (BPF2004)", """
            public static unsafe partial class P
            {
                [|static readonly ArrayMap<ulong> Out = new(Size());|]
                static uint Size() => 4;
                [Xdp]
                public static XdpAction Run(XdpContext ctx) { Out.Update(0, 1); return XdpAction.Pass; }
            }
            """),
        CorpusCase.BadSource("ring buffer size (BPF2007)", """
            public static unsafe partial class P
            {
                [|static readonly RingBufferMap<ulong> Events = new(1000);|]
                [Xdp]
                public static XdpAction Run(XdpContext ctx) { Events.Output(1ul); return XdpAction.Pass; }
            }
            """),
        CorpusCase.BadSource("Printk format not constant (BPF2006)", """
            public static unsafe partial class P
            {
                static readonly string s_fmt = "x";
                [Xdp]
                public static XdpAction Run(XdpContext ctx) { [|Bpf.Printk(s_fmt)|]; return XdpAction.Pass; }
            }
            """),
        CorpusCase.BadSource("two program methods with the same name (BPF2008)", """
            public static unsafe partial class P
            {
                [Xdp]
                public static XdpAction Run(XdpContext ctx) => XdpAction.Pass;
                [Tc]
                public static TcAction [|Run|](TcContext ctx) => TcAction.Ok;
            }
            """),
        CorpusCase.BadSource("program class not static (BPF2005)", """
            public unsafe partial class [|P|]
            {
                [Xdp]
                public static XdpAction Run(XdpContext ctx) => XdpAction.Pass;
            }
            """),
    ];
}
