using System.Text.RegularExpressions;
using Xunit;

namespace CodeFirstBpf.Generator.Tests;

/// <summary>
/// Exact-text baselines of the IR the lowering produces and the C# the emitter writes, in the
/// style of the LoggerMessage generator's <c>Baselines/</c>: any change to either shows up as a
/// diff in review. After an intended change, refresh them with
/// <c>CFB_UPDATE_BASELINES=1 dotnet test tests/CodeFirstBpf.Generator.Tests --filter BaselineTests</c>
/// (or <c>-p:UpdateBaselines=true</c>) and commit the new files.
/// </summary>
public class BaselineTests
{
    public static TheoryData<string> Cases => new() { "XdpCounter", "TcGlobalsAndHelpers", "StructsAndProperties" };

    private static readonly Dictionary<string, string> s_sources = new()
    {
        ["XdpCounter"] = """
            public static unsafe partial class XdpCounter
            {
                static readonly PerCpuArrayMap<ulong> Packets = new(maxEntries: 1);
                static readonly HashMap<uint, ulong> BySource = new(maxEntries: 1024);

                [Xdp]
                public static XdpAction Count(XdpContext ctx)
                {
                    ulong* n = Packets.Lookup(0);
                    if (n != null) (*n)++;
                    var ip = (IPv4Header*)(ctx.Data + 14);
                    if (ip + 1 > ctx.DataEnd) return XdpAction.Pass;
                    ulong* s = BySource.Lookup(ip->SourceAddress);
                    if (s != null) Interlocked.Increment(ref *s);
                    else BySource.Update(ip->SourceAddress, 1);
                    return ip->Protocol == IpProtocol.Icmp ? XdpAction.Drop : XdpAction.Pass;
                }
            }
            """,
        ["TcGlobalsAndHelpers"] = """
            public static unsafe partial class TcGlobalsAndHelpers
            {
                [Config] static readonly uint Limit = 100;
                static ulong Seen;
                const string Format = "mark " + "%d";

                [MethodImpl(MethodImplOptions.NoInlining)]
                static uint Scale(uint v, uint by) => v / by + v % by;

                [Tc]
                public static TcAction Mark(TcContext ctx)
                {
                    Interlocked.Add(ref Seen, 1);
                    ctx.Mark += Scale(ctx.Len, 3);
                    ctx.Priority = Math.Min(ctx.Mark, Limit);
                    Bpf.Printk(Format, ctx.Mark);
                    return ctx.Mark > Limit ? TcAction.Shot : TcAction.Ok;
                }
            }
            """,
        ["StructsAndProperties"] = """
            public struct Flow
            {
                public uint Packets = 1;
                public uint Bytes { get; set; }
                public Flow(uint bytes) { Bytes = bytes; }
                public readonly uint Average => Packets == 0 ? 0 : Bytes / Packets;
            }

            public static unsafe partial class StructsAndProperties
            {
                static readonly ArrayMap<Flow> Flows = new(4);

                [Xdp]
                public static XdpAction Track(XdpContext ctx)
                {
                    var f = new Flow((uint)(ctx.DataEnd - ctx.Data));
                    Flow* slot = Flows.Lookup(ctx.RxQueueIndex & 3);
                    if (slot == null) return XdpAction.Pass;
                    slot->Packets += f.Packets;
                    slot->Bytes += f.Bytes;
                    (uint a, uint b) = (slot->Average, f.Average);
                    return a > b ? XdpAction.Drop : XdpAction.Pass;
                }
            }
            """,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lowered_ir_matches_its_baseline(string name)
    {
        var (ir, diags) = GeneratorHarness.Lower(s_sources[name], name);
        Assert.True(diags.IsEmpty, string.Join("\n", diags));
        Check(name + ".ll", ir);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_csharp_matches_its_baseline(string name)
    {
        var r = GeneratorHarness.Run(s_sources[name]);
        Assert.Empty(r.Bpf);
        // The embedded object depends on the LLVM version; the baseline is about the C# around it.
        string source = Regex.Replace(r.GeneratedSource, "FromBase64String\\(\\s*\"[^\"]*\"", "FromBase64String(\"<ELF>\"");
        Check(name + ".g.cs.txt", source);
    }

    private static void Check(string file, string actual)
    {
        string path = Path.Combine(BaselineDirectory(), file);
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("CFB_UPDATE_BASELINES") == "1" || AppContext.GetData("CFB_UPDATE_BASELINES") as string == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), "no baseline " + path + ": run with CFB_UPDATE_BASELINES=1 to create it");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected == actual) return;
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        int line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line]) line++;
        Assert.Fail($"{file} differs from its baseline at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}\n"
            + "If the change is intended, refresh with CFB_UPDATE_BASELINES=1 and commit the baselines.");
    }

    /// <summary>The source folder of the baselines (they are refreshed in place, not in bin/).</summary>
    private static string BaselineDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "CodeFirstBpf.Generator.Tests", "Baselines");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("tests/CodeFirstBpf.Generator.Tests/Baselines not found above " + AppContext.BaseDirectory);
    }
}
