using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Commands;

/// <summary>
/// <c>cfbpf verify</c>: loads every object into the kernel (then unloads it) and prints each
/// rejection in MSBuild's canonical error format at the C# file and line, so that
/// <c>BpfVerifyOnBuild=true</c> turns verifier rejections into build errors.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("objects") { Description = "A BPF object (.o) or a directory of them." };
        var projectDir = new Option<string?>("--project-dir") { Description = "Where the C# sources are, to print clickable paths (default: the current directory)." };
        var command = new Command("verify", "Loads objects into the kernel (then unloads them); verifier rejections print as compiler errors at the C# line.") { target, projectDir };
        command.SetAction(r => Run(r.GetValue(target)!, r.GetValue(projectDir) ?? Directory.GetCurrentDirectory()));
        return command;
    }

    public static int Run(string target, string projectDir)
    {
        if (!Directory.Exists(target) && !File.Exists(target)) throw new ArgumentException($"'{target}' is neither a BPF object nor a directory of them");
        var objects = Directory.Exists(target)
            ? Directory.GetFiles(target, "*.o").OrderBy(f => f, StringComparer.Ordinal).ToArray()
            : new[] { target };
        int failures = 0;
        foreach (string obj in objects)
        {
            string name = Path.GetFileNameWithoutExtension(obj);
            try
            {
                using var loaded = BpfObject.LoadFile(obj);
                Console.WriteLine($"cfbpf: {name}: verified {loaded.Programs.Count} program(s)");
            }
            catch (BpfVerifierException e)
            {
                failures++;
                Console.WriteLine($"{Where(e, projectDir)}: error BPF4001: The kernel verifier rejected '{e.ProgramName}': {e.VerifierMessage}{(e.Hint is null ? "" : " (" + e.Hint + ")")}");
            }
            catch (BpfException e) when (e.Errno is 1 or 13 && !IsRoot())
            {
                // Not privileged: say so once, as a warning, and stop trying.
                Console.WriteLine($"{projectDir}: warning BPF4002: BpfVerifyOnBuild is set but the build cannot load BPF programs: {e.Message}");
                return 0;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static bool IsRoot() => Environment.UserName == "root";

    /// <summary>The verifier names the file as BTF has it; find it under the project for a clickable path.</summary>
    private static string Where(BpfVerifierException e, string projectDir)
    {
        if (e.SourceLocation is not { } loc) return projectDir;
        if (!Directory.Exists(projectDir)) return loc[..loc.LastIndexOf(':')] + "(" + loc[(loc.LastIndexOf(':') + 1)..] + ")";
        int colon = loc.LastIndexOf(':');
        string file = loc[..colon], line = loc[(colon + 1)..];
        string? match = Directory.EnumerateFiles(projectDir, Path.GetFileName(file), SearchOption.AllDirectories)
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .OrderBy(p => p.EndsWith(file, StringComparison.Ordinal) ? 0 : 1)
            .FirstOrDefault();
        // Not under the project: the path as BTF recorded it (relative to the project that built it) is the truest thing to print.
        return $"{match ?? file}({line})";
    }
}
