using Xunit;

namespace CodeFirstBpf.Analyzers.Tests;

/// <summary>
/// One precise diagnostic per mistake, at the span that introduces it: checked increments, spans,
/// list patterns, typeof, maps as values, nullable value types, 128-bit integers, stackalloc in a loop.
/// </summary>
public class SubsetPrecisionTests
{
    private static string Program(string helper, string members = "") => Verify.HelperProgram(helper, members);

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Unsupported(int location, string what, string fix)
        => Verify.At(location, "BPF1001").WithArguments(what, fix);

    private const string SpanFix = "BPF code has no spans: use a pointer and a length, or a fixed buffer (a copy or fill may name its span in place: new Span<byte>(p, n).CopyTo/Fill/Clear)";

    [Theory]
    [InlineData("long y = x; long z = checked([|y++|]); return (int)z;")]
    [InlineData("long y = x; long z = checked([|y--|]); return (int)z;")]
    [InlineData("long y = x; long z = checked([|++y|]); return (int)z;")]
    [InlineData("int z = checked([|x++|]); return z;")]
    [InlineData("checked { [|--x|]; } return x;")]
    public Task CheckedIncrement(string body) => Verify.Analyzer(Program(body), "BPF1017");

    [Fact]
    public Task UncheckedIncrementIsSilent() => Verify.Analyzer(Program("long y = x; y++; long z = unchecked(y--); ++y; return (int)(y + z);"), "BPF1017");

    [Fact]
    public Task SpanLocalIsOneDiagnostic() => Verify.Analyzer(Program("""
        byte b = 0;
        {|#0:Span<byte> s = new Span<byte>(&b, 1);|}
        s[0] = 2;
        s.Clear();
        return s.Length;
        """), "BPF1001", Unsupported(0, "'Span<byte>' (a span)", SpanFix));

    // SPEC §7.1: a byte span made in place for CopyTo/Fill/Clear is a block copy (memmove/memset), not a span.
    [Fact]
    public Task SpanCopyToInPlaceIsABlockCopy() => Verify.Analyzer(Program("""
        byte a = 1, b = 0;
        new ReadOnlySpan<byte>(&a, 1).CopyTo(new Span<byte>(&b, 1));
        return b;
        """), "BPF1001");

    [Fact]
    public Task SpanCopyToFromALocalIsTheSpanMessage() => Verify.Analyzer(Program("""
        byte a = 1, b = 0;
        {|#0:var s = new ReadOnlySpan<byte>(&a, 1);|}
        s.CopyTo(new Span<byte>(&b, 1));
        return b;
        """), "BPF1001", Unsupported(0, "'ReadOnlySpan<byte>' (a span)", SpanFix));

    [Fact]
    public Task ListPattern() => Verify.Analyzer(Program("""
        byte* p = stackalloc byte[2];
        return {|#0:new ReadOnlySpan<byte>(p, 2) is [1, 2]|} ? 1 : 0;
        """), "BPF1001", Unsupported(0, "A list pattern", "compare the elements with explicit index comparisons (p[0] == 1 && p[1] == 2)"));

    [Fact]
    public Task TypeOf() => Verify.Analyzer(Program("return {|#0:typeof(int)|} == null ? 0 : x;"), "BPF1001",
        Unsupported(0, "typeof", "BPF has no runtime type information"));

    private const string MapMembers = """
        static readonly ArrayMap<ulong> Counts = new(maxEntries: 4);
        static readonly ArrayMap<ulong> Others = new(maxEntries: 4);
        static readonly ArrayOfMaps<ArrayMap<ulong>> Tenants = new(maxEntries: 4, innerTemplate: new ArrayMap<ulong>(4));
        """;

    // SPEC §7.1: maps are values (locals, parameters, ?:, ??, inner maps); each of these loads (MapValueTests).
    [Fact]
    public Task MapInALocalIsSilent() => Verify.Analyzer(Program("""
        var m = Counts;
        ArrayMap<ulong> n = x > 2 ? Counts : Others;
        ArrayMap<ulong> t = Tenants.Lookup(1) ?? n;
        var inner = Tenants.Lookup(2);
        if (inner != null) inner.Update(0, 1);
        if (inner is null) return 0;
        ulong* v = m.Lookup(0);
        ulong* w = t.Lookup(1);
        return v == null || w == null ? 0 : (int)(*v + *w);
        """, MapMembers), "BPF1001");

    [Fact]
    public Task MapPassedAsAValueIsSilent() => Verify.Analyzer(Program("""
        return Read(Counts);
        """, MapMembers + """

        static int Read(ArrayMap<ulong> map)
        {
            ulong* v = map.Lookup(0);
            return v == null ? 0 : (int)*v;
        }
        """), "BPF1001");

    [Fact]
    public Task ListAddIsTheHeapDiagnostic() => Verify.Analyzer(Program("""
        var l = [|new System.Collections.Generic.List<int>()|];
        l.Add(x);
        return l.Count;
        """), "BPF1002");

    [Fact]
    public Task FuncInvokeIsTheDelegateDiagnostic() => Verify.Analyzer(Program("""
        Func<int, int> f = [|y => y + 1|];
        return f(x) + f.Invoke(x);
        """), "BPF1007");

    [Fact]
    public Task ListParameterIsOneClassInstanceDiagnostic() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static int F(System.Collections.Generic.List<int> l)
            {
                {|#0:l.Add(1)|};
                l.Add(2);
                return l.Count;
            }

            [Xdp]
            public static XdpAction M(XdpContext ctx) => F(null!) == 0 ? XdpAction.Drop : XdpAction.Pass;
        }
        """, "BPF1018", Verify.At(0, "BPF1018").WithArguments("System.Collections.Generic.List<int>.Add(int)"));

    [Fact]
    public Task DelegateParameterIsOneDelegateDiagnostic() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static int F(Func<int, int> f, int x) => {|#0:f(x)|} + f.Invoke(x);

            [Xdp]
            public static XdpAction M(XdpContext ctx) => F(null!, 1) == 0 ? XdpAction.Drop : XdpAction.Pass;
        }
        """, "BPF1007", Verify.At(0, "BPF1007"));

    private const string MapMemberFix = "BPF code reaches a map only through its operations (Lookup, Update, Delete, …); its other members run only in .NET";

    [Fact]
    public Task MapMembersWithoutAHelperAreNotClassInstances() => Verify.Analyzer(Program("""
        {|#0:Counts.Reset()|};
        return (int){|#1:Counts.MaxEntries|};
        """, MapMembers), "BPF1001",
        Unsupported(0, "'ArrayMap.Reset' (a member of the map object)", MapMemberFix),
        Unsupported(1, "'ArrayMap.MaxEntries' (a member of the map object)", MapMemberFix));

    private const string NullableFix = "BPF code has no nullable value types: use a bool flag or a sentinel value";

    [Fact]
    public Task NullableLocal() => Verify.Analyzer(Program("""
        {|#0:int? y = x > 3 ? x : null;|}
        int z = y ?? 0;
        return (y + 1 > 2) ? z : 0;
        """), "BPF1001", Unsupported(0, "'int?' (a nullable value type)", NullableFix));

    [Fact]
    public Task NullableExpression() => Verify.Analyzer(Program("""
        return {|#0:(int?)x|} ?? 0;
        """), "BPF1001", Unsupported(0, "'int?' (a nullable value type)", NullableFix));

    [Fact]
    public Task NullableParameter() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static int Or(uint? v) => (int)({|#0:v|} ?? 0) + (v.HasValue ? 1 : 0);

            [Xdp]
            public static XdpAction M(XdpContext ctx) => Or(ctx.RxQueueIndex) == 0 ? XdpAction.Drop : XdpAction.Pass;
        }
        """, "BPF1001", Unsupported(0, "'uint?' (a nullable value type)", NullableFix));

    [Fact]
    public Task Int128Local() => Verify.Analyzer(Program("""
        {|#0:UInt128 wide = (UInt128)x * 3;|}
        return (int)(ulong)wide;
        """), "BPF1001", Unsupported(0, "'UInt128'", "BPF registers are 64 bits: use two ulong fields"));

    private const string LoopWhat = "stackalloc inside a loop";
    private const string LoopFix = "each iteration would need a fresh block of the fixed 512-byte BPF stack: move the stackalloc before the loop";

    [Fact]
    public Task StackallocInALoop() => Verify.Analyzer(Program("""
        int s = 0;
        for (int i = 0; i < 4; i++)
        {
            byte* b = {|#0:stackalloc byte[4]|};
            b[0] = (byte)i;
            s += b[0];
        }
        int j = 0;
        while (j < 2) { byte* c = {|#1:stackalloc byte[2]|}; c[0] = 1; s += c[0]; j++; }
        return s;
        """), "BPF1001", Unsupported(0, LoopWhat, LoopFix), Unsupported(1, LoopWhat, LoopFix));

    [Fact]
    public Task StackallocBeforeALoopIsSilent() => Verify.Analyzer(Program("""
        byte* b = stackalloc byte[4];
        int s = 0;
        for (int i = 0; i < 4; i++) { b[i] = (byte)i; s += b[i]; }
        return s;
        """), "BPF1001");
}
