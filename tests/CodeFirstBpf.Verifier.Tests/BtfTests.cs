using System.Text.Json;
using Xunit;

namespace CodeFirstBpf.Verifier.Tests;

/// <summary>Our BTF is useful to tools nobody here wrote: bpftool shows field names and C# lines.</summary>
public class BtfTests
{
    private static string Bpftool(string args)
    {
        ProcessResult bpftool = Processes.Run("bpftool", args);
        Assert.True(bpftool.Succeeded, $"bpftool {args} failed: {bpftool.Stderr}");
        return bpftool.Stdout;
    }

    private static byte[] Frame()
    {
        var f = new byte[64];
        f[12] = 0x08; f[13] = 0x00;              // IPv4
        f[14] = 0x45; f[23] = 17;                // IHL 5, UDP
        f[26] = 10; f[29] = 1; f[30] = 10; f[33] = 2;
        return f;
    }

    [SkippableFact]
    public void Map_dump_is_formatted_with_field_names()
    {
        Kernel.Require();
        using var counter = FlowCounter.Load();
        counter.Programs.Count.TestRun(Frame());
        counter.Programs.Count.TestRun(Frame());
        var map = counter.Object.GetMap("Flows");
        using var doc = JsonDocument.Parse(Bpftool($"map dump id {map.Id} -j"));
        var entry = doc.RootElement.EnumerateArray().Single();
        var formatted = entry.GetProperty("formatted");
        Assert.Equal(17, formatted.GetProperty("key").GetProperty("Protocol").GetInt32());
        Assert.Equal(2, formatted.GetProperty("value").GetProperty("Packets").GetInt64());
        Assert.Equal(128, formatted.GetProperty("value").GetProperty("Bytes").GetInt64());
    }

    [SkippableFact]
    public void Btf_has_the_key_and_value_structs_with_members()
    {
        Kernel.Require();
        using var counter = FlowCounter.Load();
        var map = counter.Object.GetMap("Flows");
        string btf = Bpftool($"btf dump map id {map.Id} format c");
        Assert.Contains("struct FlowKey {", btf);
        Assert.Contains("unsigned int Source;", btf);
        Assert.Contains("unsigned short Port;", btf);
        Assert.Contains("struct FlowStats {", btf);
        Assert.Contains("unsigned long long Packets;", btf);
    }

    [SkippableFact]
    public void Xlated_dump_interleaves_csharp_source_lines()
    {
        Kernel.Require();
        using var counter = FlowCounter.Load();
        string xlated = Bpftool($"prog dump xlated id {counter.Programs.Count.Id}");
        Assert.Contains("; if (eth + 1 > ctx.DataEnd) return XdpAction.Pass;", xlated);
        Assert.Contains("; Interlocked.Increment(ref s->Packets);", xlated);
        Assert.Contains("int Count(struct xdp_md * ctx)", xlated);
    }

    [SkippableFact]
    public void Loading_keeps_the_btf()
    {
        Kernel.Require();
        using var counter = FlowCounter.Load();
        Assert.False(counter.Object.BtfRejected, string.Join("\n", counter.Object.LoadWarnings));
    }
}
