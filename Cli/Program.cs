using System;
using System.Linq;
using System.CommandLine;
using CodeFirstBpf.Cli.Commands;
using CodeFirstBpf.Runtime;
using Spectre.Console;

// cfbpf: the command-line companion of CodeFirstBpf — bpftool for C# program classes.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240; // tables in a pipe or a log must not wrap at 80 columns

var root = new RootCommand("cfbpf: list, export, verify and test-run C# BPF program classes; inspect the machine's programs and maps.")
{
    ObjectCommands.List(),
    ObjectCommands.Export(),
    VerifyCommand.Create(),
    TestRunCommand.Create(),
    AttachCommands.Load(),
    AttachCommands.Attach(),
    AttachCommands.Detach(),
    ProgCommands.Create(),
    MapCommands.Create(),
    TraceCommand.Create(),
    ImageCommands.Create(),
    ManifestCommand.Create(),
};

try
{
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is BpfException or ArgumentException or System.IO.IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
{
    Console.Error.WriteLine("cfbpf: " + Message(e));
    return 1;
}

// A CLI user cannot read exception properties: the verifier's own words, then where, then the log's tail.
static string Message(Exception e)
{
    if (e is not BpfVerifierException v) return e.Message;
    string at = v.SourceLocation is { } l ? $" at {l}" : "";
    var tail = v.LogLines.Count > 12 ? v.LogLines.Skip(v.LogLines.Count - 12) : v.LogLines;
    return $"the verifier rejected '{v.ProgramName}'{at}: {v.VerifierMessage}{(v.Hint is null ? "" : " (" + v.Hint + ")")}\nlast lines of the verifier log:\n  " + string.Join("\n  ", tail);
}
