using System.Diagnostics;
using System.Text.Json;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Tests;

/// <summary>
/// The verbs that reach the kernel, against a real object: test-run over a pcap with seeded maps,
/// map dump/update/delete of an object this test process loaded, prog list/show, and trace.
/// </summary>
public sealed class KernelCommandTests : IDisposable
{
    private static readonly uint Blocked = 0x0A000063, Allowed = 0x0A000001, Other = 0xC0A80105;
    private readonly string _dir = Directory.CreateTempSubdirectory("cfb-cli").FullName;

    [SkippableFact]
    public void Test_run_runs_every_frame_of_a_pcap_with_maps_seeded_from_json()
    {
        Kernel.Require();
        var frames = new[] { Frames.Ipv4(Allowed, 6, 60), Frames.Ipv4(Blocked, 17, 70), Frames.Ipv4(Other, 1, 80), Frames.Ipv4(Blocked, 6, 64), Frames.Ipv4(Allowed, 17, 90), new byte[20] };
        string pcap = Path.Combine(_dir, "frames.pcap"), seed = Path.Combine(_dir, "seed.json");
        Frames.WritePcap(pcap, frames);
        File.WriteAllText(seed, $$"""{ "Blocked": [ { "key": {{Blocked}}, "value": 1 } ] }""");

        string table = Cfbpf.Ok("test-run", Cfbpf.Assembly, "CliProbe.Count", pcap, "--maps", seed, "--repeat", "3");
        Assert.Contains("CliProbe.Count: 6 frame(s), 3 run(s) each", table);
        Assert.Contains("Drop 2, Pass 4", table);

        using var json = JsonDocument.Parse(Cfbpf.Ok("test-run", Cfbpf.Assembly, "CliProbe.Count", pcap, "--maps", seed, "--json"));
        var verdicts = json.RootElement.EnumerateArray().Select(e => e.GetProperty("verdict").GetString()).ToArray();
        Assert.Equal(new[] { "Pass", "Drop", "Pass", "Drop", "Pass", "Pass" }, verdicts);

        // Without the seed nothing is blocked: the seed really reached the map.
        Assert.Contains("Pass 6", Cfbpf.Ok("test-run", Cfbpf.Assembly, "CliProbe.Count", pcap));
    }

    [SkippableFact]
    public void Map_dump_prints_btf_field_names_and_the_values_the_program_wrote()
    {
        Kernel.Require();
        using var loaded = CliProbe.Load();
        for (int i = 0; i < 3; i++) loaded.Programs.Count.TestRun(Frames.Ipv4(Allowed, 6, 60 + i));
        loaded.Programs.Count.TestRun(Frames.Ipv4(Other, 17, 100));
        uint id = loaded.Maps.Stats.Handle.Id;

        string table = Cfbpf.Ok("map", "dump", id.ToString());
        foreach (string column in new[] { "key.Address", "key.Port", "key.Protocol", "Packets", "Bytes", "Last" }) Assert.Contains(column, table);
        Assert.Contains($"│ {Allowed,-11} │", table);

        using var json = JsonDocument.Parse(Cfbpf.Ok("map", "dump", id.ToString(), "--json"));
        var rows = json.RootElement.EnumerateArray()
            .Select(e => (Address: e.GetProperty("key").GetProperty("Address").GetUInt32(), Packets: e.GetProperty("value").GetProperty("Packets").GetUInt64(),
                Bytes: e.GetProperty("value").GetProperty("Bytes").GetUInt64(), Last: e.GetProperty("value").GetProperty("Last").GetInt32()))
            .OrderBy(r => r.Address).ToArray();
        var expected = loaded.Maps.Stats.Select(kv => (kv.Key.Address, kv.Value.Packets, kv.Value.Bytes, kv.Value.Last)).OrderBy(r => r.Address).ToArray();
        Assert.Equal(expected, rows);
        Assert.Equal((Allowed, 3ul, 183ul, -1), rows.Single(r => r.Address == Allowed));
    }

    [SkippableFact]
    public void Map_update_and_delete_by_field_name_change_what_the_program_sees()
    {
        Kernel.Require();
        using var loaded = CliProbe.Load();
        string id = loaded.Maps.Stats.Handle.Id.ToString();
        Cfbpf.Ok("map", "update", id, "--key", $$"""{"Address": {{Other}}, "Protocol": 17}""", "--value", """{"Packets": 7, "Bytes": 700, "Last": -5}""");
        var key = new Endpoint { Address = Other, Protocol = 17 };
        Assert.True(loaded.Maps.Stats.TryGetValue(key, out var v));
        Assert.Equal((7ul, 700ul, -5), (v.Packets, v.Bytes, v.Last));
        loaded.Programs.Count.TestRun(Frames.Ipv4(Other, 17, 50));
        Assert.Equal(8ul, loaded.Maps.Stats[key].Packets);

        var wrong = Cfbpf.Run("map", "update", id, "--key", """{"Addr": 1}""", "--value", "00");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("the key has no field 'Addr'; its fields are Address, Port, Protocol, Pad", wrong.Stderr);

        Cfbpf.Ok("map", "delete", id, "--key", $$"""{"Address": {{Other}}, "Protocol": 17}""");
        Assert.False(loaded.Maps.Stats.ContainsKey(key));
    }

    [SkippableFact]
    public void Per_cpu_maps_dump_a_row_per_cpu()
    {
        Kernel.Require();
        using var loaded = CliProbe.Load();
        loaded.Programs.Count.TestRun(Frames.Ipv4(Allowed, 6, 60), repeat: 5);
        using var json = JsonDocument.Parse(Cfbpf.Ok("map", "dump", loaded.Maps.Hits.Handle.Id.ToString(), "--json"));
        var zero = json.RootElement.EnumerateArray().Single(e => e.GetProperty("key").GetUInt32() == 0);
        ulong sum = zero.GetProperty("values").EnumerateArray().Aggregate(0ul, (a, c) => a + c.GetProperty("value").GetUInt64());
        Assert.Equal(loaded.Maps.Hits.Sum(0), sum);
        Assert.Equal(5ul, sum);
    }

    [SkippableFact]
    public void Prog_list_and_show_describe_the_loaded_program()
    {
        Kernel.Require();
        using var loaded = CliProbe.Load();
        uint id = loaded.Programs.Count.Id;
        using var list = JsonDocument.Parse(Cfbpf.Ok("prog", "list", "--json"));
        var mine = list.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetUInt32() == id);
        Assert.Equal("Count", mine.GetProperty("name").GetString());
        Assert.Equal("xdp", mine.GetProperty("type").GetString());
        Assert.Equal(loaded.Programs.Count.GetInfo().XlatedInstructions, mine.GetProperty("xlated insns").GetUInt32());
        string show = Cfbpf.Ok("prog", "show", id.ToString());
        Assert.Contains("│ name           │ Count", show);
        Assert.Contains(loaded.Maps.Stats.Handle.Id.ToString(), show);
        var missing = Cfbpf.Run("prog", "show", "4000000000");
        Assert.Equal("cfbpf: no program has id 4000000000 (see 'cfbpf prog list')", missing.Stderr.Trim());
    }

    [SkippableFact]
    public void Trace_streams_the_printk_lines_of_a_running_program()
    {
        Kernel.Require();
        using var loaded = CliProbe.Load();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // Other tests of this class print too (every run of Count does): take only this test's lines.
        foreach (string a in new[] { Cfbpf.Dll, "trace", "--count", "2", "--timeout", "60", "--filter", "len=77 " }) start.ArgumentList.Add(a);
        using var trace = Process.Start(start)!;
        try
        {
            var output = trace.StandardOutput.ReadToEndAsync();
            // The tool needs a moment to start and open the pipe; keep the program printing until it has read two lines.
            for (int i = 0; i < 300 && !trace.HasExited; i++)
            {
                loaded.Programs.Count.TestRun(Frames.Ipv4(Allowed, 17, 77));
                Thread.Sleep(200);
            }
            Assert.True(trace.WaitForExit(TimeSpan.FromSeconds(5)), "cfbpf trace did not stop after --count lines");
            Assert.Equal(0, trace.ExitCode);
            var lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.All(lines, l => Assert.EndsWith("cfb-probe len=77 proto=17", l.TrimEnd()));
        }
        finally
        {
            if (!trace.HasExited) trace.Kill(entireProcessTree: true);
        }
    }

    [SkippableFact]
    public async Task TracePipe_parses_task_pid_cpu_and_message()
    {
        Kernel.Require();
        using var loaded = CliProbe.Load();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var printing = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested) { loaded.Programs.Count.TestRun(Frames.Ipv4(Other, 6, 66)); await Task.Delay(100); }
        });
        TraceLine? line = null;
        await foreach (var l in TracePipe.ReadAllAsync(cts.Token))
            if (l.Message.StartsWith("cfb-probe len=66", StringComparison.Ordinal)) { line = l; break; }
        cts.Cancel();
        await printing;
        Assert.NotNull(line);
        Assert.Equal("cfb-probe len=66 proto=6", line!.Message);
        Assert.True(Directory.Exists($"/proc/self/task/{line.Pid}"), $"pid {line.Pid} is not a thread of this process");
        Assert.InRange(line.Cpu, 0, Environment.ProcessorCount * 64);
        Assert.True(line.Timestamp > 0);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
