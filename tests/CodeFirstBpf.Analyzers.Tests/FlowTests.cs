using Xunit;

namespace CodeFirstBpf.Analyzers.Tests;

/// <summary>BPF3001: packet accesses need a dominating check against <c>DataEnd</c> that covers them.</summary>
public class PacketBoundsTests
{
    private static string Xdp(string body, string members = "") => $$"""
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
    public Task AccessWithoutCheck() => Verify.Analyzer(Xdp("""
        var eth = (EthernetHeader*)ctx.Data;
        if ([|eth->EtherType|] == 8) return XdpAction.Drop;
        return XdpAction.Pass;
        """), "BPF3001");

    [Fact]
    public Task CheckTooShortForTheAccess() => Verify.Analyzer(Xdp("""
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end) return XdpAction.Pass;
        var ip = (IPv4Header*)(eth + 1);
        return [|ip->Protocol|] == 6 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3001");

    [Fact]
    public Task CheckOnTheWrongBranch() => Verify.Analyzer(Xdp("""
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 <= ctx.DataEnd) return XdpAction.Pass;
        return [|eth->EtherType|] == 8 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3001");

    [Fact]
    public Task CheckOnOnlyOnePath() => Verify.Analyzer(Xdp("""
        byte* data = ctx.Data;
        if (ctx.RxQueueIndex == 0)
        {
            if (data + 4 > ctx.DataEnd) return XdpAction.Pass;
        }
        return [|*(uint*)data|] == 1 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3001");

    [Fact]
    public Task VariableOffsetNeedsItsOwnCheck() => Verify.Analyzer(Xdp("""
        byte* end = ctx.DataEnd;
        var ip = (IPv4Header*)(ctx.Data + 14);
        if (ip + 1 > end) return XdpAction.Pass;
        var tcp = (TcpHeader*)((byte*)ip + ip->HeaderLength);
        return [|tcp->DestinationPort|] == 80 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3001");

    [Fact]
    public Task PointerAdvancedInALoop() => Verify.Analyzer(Xdp("""
        byte* p = ctx.Data;
        byte* end = ctx.DataEnd;
        uint sum = 0;
        for (int i = 0; i < 8; i++)
        {
            if (p + 1 > end) break;
            sum += *p;
            p++;
        }
        return [|*p|] == sum ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3001");

    [Fact]
    public Task WriteThroughPacketPointer() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            [Tc]
            public static TcAction M(TcContext ctx)
            {
                var eth = (EthernetHeader*)ctx.Data;
                [|eth->Destination[0]|] = 2;
                return TcAction.Ok;
            }
        }
        """, "BPF3001");

    [Fact]
    public Task HelperThatChecksNothingIsNotTrusted() => Verify.Analyzer(Xdp("""
        byte* data = ctx.Data;
        Note(ctx, data);
        return [|*data|] == 1 ? XdpAction.Drop : XdpAction.Pass;
        """, """
        static void Note(XdpContext ctx, byte* at) => Bpf.Printk("rx %u", ctx.RxQueueIndex);
        """), "BPF3001");

    [Fact]
    public Task AccessInHelperThroughContext() => Verify.Analyzer(Xdp("return Proto(ctx) == 6 ? XdpAction.Drop : XdpAction.Pass;", """
        static byte Proto(XdpContext ctx) => [|((IPv4Header*)(ctx.Data + 14))->Protocol|];
        """), "BPF3001");

    [Fact]
    public Task EveryUsualCheckFormIsUnderstood() => Verify.Analyzer(Xdp("""
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)data;
        if (eth + 1 > end) return XdpAction.Pass;
        ushort proto = eth->EtherType;
        var ip = (IPv4Header*)(eth + 1);
        if ((byte*)(ip + 1) > end) return XdpAction.Pass;
        uint total = ip->SourceAddress;
        byte* l4 = (byte*)ip + ip->HeaderLength;
        if (l4 + sizeof(UdpHeader) <= end)
        {
            var udp = (UdpHeader*)l4;
            total += udp->DestinationPort;
        }
        if (end >= l4 + 2 && *(ushort*)l4 == 53) total++;
        if (!(l4 + 1 > ctx.DataEnd) && l4[0] == 1) total++;
        if (end - 4 < l4 || l4[3] == 0) return XdpAction.Pass;
        if (l4 + 7 < end) total += (uint)*(ulong*)l4;
        if (end <= l4 + 1) return XdpAction.Pass;
        total += *(ushort*)l4;
        if (data + 60 > end) return XdpAction.Pass;
        total += data[59] + *(uint*)(data + 50) + ((uint*)(data + 40))[2];
        var ip6 = (IPv6Header*)(eth + 1);
        total += ip6->SourceAddress[5] + *(uint*)ip6->DestinationAddress;
        return total + proto == 0 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3001");

    [Fact]
    public Task ChecksThroughLoopsAndMerges() => Verify.Analyzer(Xdp("""
        byte* end = ctx.DataEnd;
        var eth = (EthernetHeader*)ctx.Data;
        if (eth + 1 > end) return XdpAction.Pass;
        byte* l3 = (byte*)(eth + 1);
        if (eth->EtherType == 0x81)
        {
            var tag = (VlanHeader*)l3;
            if (tag + 1 > end) return XdpAction.Pass;
            l3 += sizeof(VlanHeader);
        }
        var ip = (IPv4Header*)l3;
        if (ip + 1 > end) return XdpAction.Pass;
        uint seen = ip->Ttl;
        byte* cur = (byte*)(ip + 1);
        for (int i = 0; i < 6; i++)
        {
            if (cur + 8 > end) break;
            seen += cur[7];
            cur += (cur[1] + 1) * 8;
        }
        for (int i = 0; i < 4; i++)
        {
            byte* q = l3 + i;
            if (q + 1 > end) break;
            seen += *q;
        }
        byte* data = ctx.Data;
        for (int i = 0; i < 64; i++)
        {
            if (i >= seen || data + i + 1 > end) break;
            seen += data[i];
        }
        return seen == 0 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3001");

    [Fact]
    public Task SeverityComesFromEditorConfig() => Verify.AnalyzerWithEditorConfig(Xdp("""
        var eth = (EthernetHeader*)ctx.Data;
        return {|#0:eth->EtherType|} == 8 ? XdpAction.Drop : XdpAction.Pass;
        """), "dotnet_diagnostic.BPF3001.severity = warning",
        Verify.At(0, "BPF3001").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithArguments("eth->EtherType"));

    [Fact]
    public Task RuleCanBeTurnedOff() => Verify.AnalyzerWithEditorConfig(Xdp("""
        var eth = (EthernetHeader*)ctx.Data;
        return eth->EtherType == 8 ? XdpAction.Drop : XdpAction.Pass;
        """), "dotnet_diagnostic.BPF3001.severity = none");

    [Fact]
    public Task IndexedAccessCoveredByItsOwnCheck() => Verify.Analyzer(Xdp("""
        byte* data = ctx.Data;
        byte* end = ctx.DataEnd;
        uint n = ctx.RxQueueIndex, sum = 0;
        for (int i = 0; i < 64; i++)
        {
            if (i >= n || data + i + 1 > end) break;
            sum += data[i];
        }
        return sum == 0 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3001");

    [Fact]
    public Task BoundsCheckKeptInABoolIsNotGuessedAt() => Verify.Analyzer(Xdp("""
        var eth = (EthernetHeader*)ctx.Data;
        bool ok = eth + 1 <= ctx.DataEnd;
        if (!ok) return XdpAction.Pass;
        return eth->EtherType == 8 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3001");

    [Fact]
    public Task PointersHandedToHelpersAreTheirs() => Verify.Analyzer(Xdp("""
        byte* data = ctx.Data;
        if (!Parse(data, ctx.DataEnd)) return XdpAction.Pass;
        return ((EthernetHeader*)data)->EtherType == 8 ? XdpAction.Drop : XdpAction.Pass;
        """, """
        static bool Parse(byte* data, byte* end) => data + sizeof(EthernetHeader) <= end;
        """), "BPF3001");
}

/// <summary>BPF3002: a map value from <c>Lookup</c> is null until checked, on every path.</summary>
public class NullCheckTests
{
    private const string Maps = "static readonly HashMap<uint, ulong> Counts = new(maxEntries: 64);\n    public struct Stats { public ulong Packets, Bytes; }\n    static readonly ArrayMap<Stats> All = new(maxEntries: 1);";

    private static string Xdp(string body) => $$"""
        public static unsafe partial class P
        {
            {{Maps}}
            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public Task DereferenceWithoutCheck() => Verify.Analyzer(Xdp("""
        ulong* c = Counts.Lookup(1);
        [|*c|] += 1;
        return XdpAction.Pass;
        """), "BPF3002");

    [Fact]
    public Task FieldAndAtomicWithoutCheck() => Verify.Analyzer(Xdp("""
        Stats* s = All.Lookup(0);
        Interlocked.Increment(ref [|s->Packets|]);
        ulong* c = Counts.Lookup(ctx.RxQueueIndex);
        Interlocked.Add(ref [|*c|], 2);
        return XdpAction.Pass;
        """), "BPF3002");

    [Fact]
    public Task CheckedOnOnePathOnly() => Verify.Analyzer(Xdp("""
        ulong* c = Counts.Lookup(1);
        if (ctx.RxQueueIndex == 0 && c == null) return XdpAction.Pass;
        return [|*c|] > 5 ? XdpAction.Drop : XdpAction.Pass;
        """), "BPF3002");

    [Fact]
    public Task PointerArithmeticBeforeCheck() => Verify.Analyzer(Xdp("""
        Stats* s = All.Lookup(0);
        ulong* bytes = &[|s->Bytes|];
        if (s == null) return XdpAction.Pass;
        *bytes += 1;
        return XdpAction.Pass;
        """), "BPF3002");

    [Fact]
    public Task EveryUsualCheckIsUnderstood() => Verify.Analyzer(Xdp("""
        ulong* a = Counts.Lookup(1);
        if (a != null) (*a)++;
        ulong* b = Counts.Lookup(2);
        if (b == null) return XdpAction.Pass;
        *b += *b is 0 ? 1UL : 2UL;
        ulong* c = Counts.Lookup(3);
        if (c is not null && *c > 1) *c = 0;
        ulong* d = Counts.Lookup(4);
        if (d is null) Counts.Update(4, 1);
        else Interlocked.Increment(ref *d);
        Stats* s = All.Lookup(0);
        ulong packets = s != null ? s->Packets : 0;
        if (!(s == null)) s->Bytes += packets;
        ulong* e = Counts.Lookup(5);
        ulong* f = e;
        if (f != null) *e = 1;
        return XdpAction.Pass;
        """), "BPF3002");

    [Fact]
    public Task ReassignedPointerNeedsANewCheck() => Verify.Analyzer(Xdp("""
        ulong* h = Counts.Lookup(1);
        if (h != null) (*h)++;
        h = Counts.Lookup(2);
        [|*h|] = 7;
        return XdpAction.Pass;
        """), "BPF3002");

    [Fact]
    public Task NullCheckKeptInABoolIsNotGuessedAt() => Verify.Analyzer(Xdp("""
        ulong* c = Counts.Lookup(1);
        bool found = c != null;
        if (found) *c = 1;
        return XdpAction.Pass;
        """), "BPF3002");
}

/// <summary>BPF3003: loops need a bound the verifier can see.</summary>
public class LoopBoundTests
{
    private static string Xdp(string body) => $$"""
        public static unsafe partial class P
        {
            const int Max = 16;
            static readonly int Configured = 4;
            static readonly ArrayMap<ulong> Seen = new(maxEntries: 1);

            [Xdp]
            public static XdpAction M(XdpContext ctx)
            {
                uint n = ctx.RxQueueIndex;
                uint sum = 0;
                {{body}}
                return sum == 0 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """;

    [Fact]
    public Task BoundByAVariable() => Verify.Analyzer(Xdp("[|for|] (uint i = 0; i < n; i++) Seen.Update(0, sum += i);"), "BPF3003");

    [Fact]
    public Task WhileTrueWithoutCounter() => Verify.Analyzer(Xdp("""
        [|while|] (true)
        {
            if (sum > n) break;
            sum += 3;
            Seen.Update(0, sum);
        }
        """), "BPF3003");

    [Fact]
    public Task DisjunctionDoesNotBound() => Verify.Analyzer(Xdp("""
        int i = 0;
        [|while|] (i < 10 || sum != n) { i++; sum++; Seen.Update(0, sum); }
        """), "BPF3003");

    [Fact]
    public Task ConstantBoundsAreSilent() => Verify.Analyzer(Xdp("""
        for (int i = 0; i < Max; i++) sum += (uint)i;
        for (int i = Max; i > 0; i--) sum ^= (uint)i;
        for (uint i = 0; i < Configured && i < n; i++) sum++;
        int limit = 10;
        for (int i = 0; i < limit; i++) sum++;
        for (int i = 0; i < sizeof(ulong); i++) sum++;
        int guard = 0;
        do { sum >>= 1; } while (sum != 0 && ++guard < 32);
        int k = 0;
        while (true)
        {
            if (sum > n || ++k >= 64) break;
            sum += 2;
        }
        for (;;)
        {
            if (k-- == 0) return XdpAction.Pass;
        }
        """), "BPF3003");
}

/// <summary>BPF3004: members a program type may not use.</summary>
public class ProgramTypeTests
{
    [Fact]
    public Task TcContextFromXdpProgram() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static uint Mark(TcContext skb) => [|skb.Mark|];

            [Xdp]
            public static XdpAction M(XdpContext ctx) => Mark(default) == 1 ? XdpAction.Drop : XdpAction.Pass;
        }
        """, "BPF3004");

    [Fact]
    public Task SharedHelperUsedByBothTypes() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static uint Queue(XdpContext x) => [|x.RxQueueIndex|];
            static uint Both(uint v) => v + Queue(default);

            [Xdp]
            public static XdpAction M(XdpContext ctx) => Both(ctx.RxQueueIndex) == 1 ? XdpAction.Drop : XdpAction.Pass;

            [Tc]
            public static TcAction N(TcContext ctx) => Both(ctx.Mark) == 1 ? TcAction.Shot : TcAction.Ok;
        }
        """, "BPF3004");

    [Fact]
    public Task EachContextInItsOwnProgramIsSilent() => Verify.Analyzer("""
        public static unsafe partial class P
        {
            static void Tag(TcContext skb) => skb.Mark = skb.Priority + 1;

            [Xdp]
            public static XdpAction M(XdpContext ctx) => ctx.IngressIfIndex == 1 ? XdpAction.Drop : XdpAction.Pass;

            [Tc]
            public static TcAction N(TcContext ctx)
            {
                Tag(ctx);
                return ctx.Len > 100 ? TcAction.Shot : TcAction.Ok;
            }
        }
        """, "BPF3004");
}
