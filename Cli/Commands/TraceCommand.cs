using System;
using System.CommandLine;
using System.Threading;
using CodeFirstBpf.Runtime;
using Spectre.Console;

namespace CodeFirstBpf.Cli.Commands;

/// <summary><c>cfbpf trace</c>: streams <c>Bpf.Printk</c> output from the kernel's trace pipe until Ctrl+C (or --count lines, or --timeout).</summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count", "-n") { Description = "Stop after this many lines (0: until Ctrl+C)." };
        var timeout = new Option<double>("--timeout") { Description = "Stop after this many seconds (0: never)." };
        var raw = new Option<bool>("--raw") { Description = "Print lines as the kernel wrote them." };
        var filter = new Option<string?>("--filter") { Description = "Only lines whose message contains this text (the others are consumed and dropped)." };
        var command = new Command("trace", "Streams Bpf.Printk output (the kernel trace pipe).") { count, timeout, raw, filter };
        command.SetAction(async (r, ct) =>
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (r.GetValue(timeout) > 0) cts.CancelAfter(TimeSpan.FromSeconds(r.GetValue(timeout)));
            int seen = 0, limit = r.GetValue(count);
            string? only = r.GetValue(filter);
            await foreach (var line in TracePipe.ReadAllAsync(cts.Token))
            {
                if (only != null && !line.Message.Contains(only, StringComparison.Ordinal)) continue;
                if (r.GetValue(raw)) Console.WriteLine(line.Raw);
                else AnsiConsole.MarkupLine($"[grey]{line.Timestamp:F6}[/] [blue]{Markup.Escape(line.Task)}[/]-{line.Pid} [grey]cpu{line.Cpu}[/] {Markup.Escape(line.Message)}");
                if (limit > 0 && ++seen >= limit) break;
            }
            return 0;
        });
        return command;
    }
}
