using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using CodeFirstBpf.Cli.Output;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Commands;

/// <summary><c>cfbpf prog list|show</c>: every program loaded on the machine, like <c>bpftool prog</c>.</summary>
internal static class ProgCommands
{
    private static readonly string[] s_columns = { "id", "name", "type", "tag", "xlated insns", "jited bytes", "verified insns", "runs", "run ns", "maps", "loaded" };

    public static Command Create()
    {
        var json = Common.Json();
        var list = new Command("list", "Every BPF program loaded on this machine (any process).") { json };
        list.SetAction(r =>
        {
            Render.Table("BPF programs", s_columns, BpfSystem.Programs().Select(Row), r.GetValue(json));
            return 0;
        });
        var id = new Argument<uint>("id") { Description = "The program id (from 'cfbpf prog list')." };
        var showJson = Common.Json();
        var show = new Command("show", "One program by id.") { id, showJson };
        show.SetAction(r =>
        {
            var p = BpfSystem.Program(r.GetValue(id)) ?? throw new ArgumentException($"no program has id {r.GetValue(id)} (see 'cfbpf prog list')");
            Render.Table("program " + p.Id, new[] { "field", "value" }, s_columns.Zip(Row(p), (c, v) => (System.Collections.Generic.IReadOnlyList<string>)new[] { c, v }), r.GetValue(showJson));
            return 0;
        });
        return new Command("prog", "Programs loaded on this machine.") { list, show };
    }

    private static string[] Row(BpfProgramSummary p) => new[]
    {
        p.Id.ToString(CultureInfo.InvariantCulture), p.Name, p.Type, p.Tag,
        (p.XlatedBytes / 8).ToString(CultureInfo.InvariantCulture), p.JitedBytes.ToString(CultureInfo.InvariantCulture),
        p.VerifiedInstructions.ToString(CultureInfo.InvariantCulture), p.RunCount.ToString(CultureInfo.InvariantCulture),
        ((ulong)(p.RunTime.Ticks * 100)).ToString(CultureInfo.InvariantCulture),
        string.Join(",", p.MapIds), p.LoadedAt.ToString("u", CultureInfo.InvariantCulture),
    };
}
