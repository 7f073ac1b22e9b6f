using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using CodeFirstBpf.Cli.Input;
using CodeFirstBpf.Cli.Output;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Commands;

/// <summary>
/// <c>cfbpf test-run</c>: loads a program class, seeds its maps from JSON, and runs one frame or
/// every frame of a pcap file through a program with <c>BPF_PROG_TEST_RUN</c>; prints a row per frame.
/// </summary>
internal static class TestRunCommand
{
    public static Command Create()
    {
        var assembly = ObjectCommands.AssemblyArgument();
        var target = new Argument<string>("program") { Description = "Class.Program, e.g. IcmpFilter.DropIcmp." };
        var packets = new Argument<string?>("packets") { Description = "A pcap file (every frame runs) or a raw frame file; for sk_lookup, a JSON file of lookups.", Arity = ArgumentArity.ZeroOrOne };
        var repeatArg = new Argument<int?>("repeat") { Description = "Runs per frame (same as --repeat).", Arity = ArgumentArity.ZeroOrOne };
        var repeat = new Option<int>("--repeat", "-r") { Description = "Runs per frame; the time is the average.", DefaultValueFactory = _ => 1 };
        var maps = new Option<string?>("--maps") { Description = "A JSON file seeding maps: {\"MapName\": [{\"key\": …, \"value\": …}]} (keys and values as for 'map update')." };
        var protocol = new Option<string?>("--protocol") { Description = "sk_lookup: the lookup's protocol, tcp (default), udp or a number." };
        var local = new Option<string?>("--local") { Description = "sk_lookup: the packet's destination, ADDRESS:PORT." };
        var remote = new Option<string?>("--remote") { Description = "sk_lookup: the packet's source, ADDRESS:PORT (default: any address, port 0)." };
        var json = Common.Json();
        var command = new Command("test-run", "Runs frames (XDP, TC, socket filter, cgroup skb) or lookups (sk_lookup) through a program in the kernel (BPF_PROG_TEST_RUN).")
            { assembly, target, packets, repeatArg, repeat, maps, protocol, local, remote, json };
        command.SetAction(r =>
        {
            string t = r.GetValue(target)!;
            var (c, programName) = ObjectCommands.FindProgram(r.GetValue(assembly)!, t);
            int times = r.GetValue(repeatArg) ?? r.GetValue(repeat);
            if (times < 1) throw new ArgumentException("--repeat must be at least 1");
            using var obj = BpfObject.Load(c.Elf, c.Name);
            if (r.GetValue(maps) is { } seed) Seed(obj, seed);
            var program = obj.GetProgram(programName);
            if (program is SkLookupProgram lookup)
            {
                var lookups = LookupInput.Read(r.GetValue(packets), r.GetValue(protocol), r.GetValue(local), r.GetValue(remote));
                RunLookups(t, lookup, lookups, times, r.GetValue(json));
                return 0;
            }
            if (r.GetValue(protocol) != null || r.GetValue(local) != null || r.GetValue(remote) != null)
                throw new ArgumentException($"--protocol, --local and --remote describe sk_lookup lookups, but '{program.Name}' is a {program.SectionName} program: give it a pcap or frame file");
            var frames = Pcap.ReadFrames(r.GetValue(packets) ?? throw new ArgumentException($"'{program.Name}' runs over frames: give a pcap or raw frame file"));
            var rows = new List<IReadOnlyList<string>>();
            var verdicts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < frames.Count; i++)
            {
                var (verdict, code, ns, output) = Run(program, frames[i], times);
                verdicts[verdict] = verdicts.GetValueOrDefault(verdict) + 1;
                string changed = output.AsSpan().SequenceEqual(frames[i]) ? "unchanged" : Convert.ToHexString(output.AsSpan(0, Math.Min(output.Length, 64))).ToLowerInvariant() + (output.Length > 64 ? "…" : "");
                rows.Add(new[] { N(i + 1), N(frames[i].Length), verdict, N(code), ns.ToString(CultureInfo.InvariantCulture), N(output.Length), changed });
            }
            Render.Table($"{t}: {frames.Count} frame(s), {times} run(s) each", new[] { "frame", "bytes", "verdict", "code", "ns/run", "out bytes", "output" }, rows, r.GetValue(json));
            if (!r.GetValue(json)) Render.Line(string.Join(", ", verdicts.Select(v => $"{v.Key} {v.Value}")));
            return 0;
        });
        return command;
    }

    private static (string Verdict, int Code, uint Ns, byte[] Output) Run(BpfProgram program, byte[] frame, int times) => program switch
    {
        XdpProgram x when x.TestRun(frame, times) is var xr => (xr.Action.ToString(), (int)xr.Action, xr.DurationNanoseconds, xr.Packet),
        TcProgram tc when tc.TestRun(frame, times) is var tr => (tr.Action.ToString(), (int)tr.Action, tr.DurationNanoseconds, tr.Packet),
        // Socket filters and cgroup skb programs cannot change the packet: what comes out is what went in.
        SocketFilterProgram sf when sf.TestRun(frame, times) is var sr => (sr.KeptBytes == 0 ? "Drop" : "Keep", (int)sr.KeptBytes, sr.DurationNanoseconds, frame),
        CgroupSkbProgram cg when cg.TestRun(frame, times) is var cr => (cr.Action.ToString(), (int)cr.Action, cr.DurationNanoseconds, frame),
        _ => throw new ArgumentException($"'{program.Name}' is a {program.SectionName} program, which the kernel cannot test-run; test-run takes XDP, TC, socket filter, cgroup skb and sk_lookup programs"),
    };

    /// <summary>Runs every lookup through an sk_lookup program; prints the verdict and the cookie of the socket it selected.</summary>
    private static void RunLookups(string title, SkLookupProgram program, IReadOnlyList<SkLookupTestRunContext> lookups, int times, bool json)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (SkLookupTestRunContext lookup in lookups)
        {
            SkLookupTestRunResult result = program.TestRun(lookup, times);
            rows.Add(new[] { N(rows.Count + 1), lookup.Protocol.ToString().ToLowerInvariant(), lookup.RemoteEndPoint?.ToString() ?? "any", lookup.LocalEndPoint.ToString(),
                result.Action.ToString(), N((int)result.Action), result.DurationNanoseconds.ToString(CultureInfo.InvariantCulture),
                result.SocketCookie == 0 ? "none" : result.SocketCookie.ToString(CultureInfo.InvariantCulture) });
        }
        Render.Table($"{title}: {lookups.Count} lookup(s), {times} run(s) each", new[] { "lookup", "protocol", "remote", "local", "verdict", "code", "ns/run", "socket cookie" }, rows, json);
    }

    /// <summary>Writes every entry of the seed file into the loaded object's maps.</summary>
    private static void Seed(BpfObject obj, string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new ArgumentException($"{path}: the seed file is an object of map names");
        foreach (var map in doc.RootElement.EnumerateObject())
        {
            if (!obj.TryGetMap(map.Name, out var handle))
                throw new ArgumentException($"{path}: the object has no map '{map.Name}' (it has {string.Join(", ", obj.Maps.Select(m => m.Name))})");
            var layout = BtfLayout.For(handle);
            int n = 0;
            foreach (var entry in map.Value.EnumerateArray())
            {
                n++;
                if (!entry.TryGetProperty("key", out var k) || !entry.TryGetProperty("value", out var v))
                    throw new ArgumentException($"{path}: entry {n} of '{map.Name}' needs \"key\" and \"value\"");
                byte[] key = MapJson.Encode(k, layout.Key, (int)handle.KeySize, "key");
                byte[] value = MapJson.Encode(v, layout.Value, (int)handle.ValueSize, "value");
                handle.Update(key, MapJson.ForEveryCpu(handle, value));
            }
        }
    }

    private static string N(int v) => v.ToString(CultureInfo.InvariantCulture);
}
