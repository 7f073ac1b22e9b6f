using System;
using System.Diagnostics;

namespace CodeFirstBpf.Runtime.Tests.Infrastructure;

/// <summary>Runs a command and returns its output; a non-zero exit throws with stderr.</summary>
internal static class Shell
{
    internal static string Run(string program, params string[] arguments)
    {
        (int exitCode, string output, string error) = TryRun(program, arguments);
        if (exitCode != 0)
            throw new InvalidOperationException($"'{program} {string.Join(' ', arguments)}' exited with {exitCode}: {error.Trim()}");
        return output;
    }

    internal static (int ExitCode, string Output, string Error) TryRun(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, stderr.Result);
    }
}
