using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace CodeFirstBpf.Tests.Support;

/// <summary>
/// The one way tests and the bench run a tool (ip, tc, bpftool, clang, dotnet, the CLI). Both
/// streams are drained concurrently while the process runs, so a tool that fills one pipe never
/// blocks waiting for us to read the other; a process that outlives its timeout is killed with
/// its children and reported with what it printed so far.
/// </summary>
internal static class Processes
{
    /// <summary>Long enough for a cold <c>dotnet build</c> on a busy 2-core machine; only a hang reaches it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs <paramref name="file"/> with a shell-style argument string.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program does not exist.</exception>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>.</exception>
    public static ProcessResult Run(string file, string arguments = "", TimeSpan? timeout = null)
        => Run(new ProcessStartInfo(file, arguments), timeout);

    /// <summary>Runs <paramref name="file"/> with each argument passed as is (no quoting needed).</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program does not exist.</exception>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>.</exception>
    public static ProcessResult Run(string file, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        return Run(start, timeout);
    }

    /// <summary>Standard output of a command that must succeed.</summary>
    /// <exception cref="InvalidOperationException">It exited non-zero; the message has both streams.</exception>
    public static string Ok(string file, string arguments = "", TimeSpan? timeout = null)
        => Run(file, arguments, timeout).EnsureSuccess().Stdout;

    /// <summary>Standard output of a command that must succeed, arguments passed as is.</summary>
    /// <exception cref="InvalidOperationException">It exited non-zero; the message has both streams.</exception>
    public static string Ok(string file, IEnumerable<string> arguments, TimeSpan? timeout = null)
        => Run(file, arguments, timeout).EnsureSuccess().Stdout;

    /// <summary>Whether <paramref name="program"/> is an executable on PATH (or a path that exists).</summary>
    public static bool IsInstalled(string program) => Find(program) is not null;

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Find(string program)
    {
        if (program.Contains('/'))
            return File.Exists(program) ? program : null;
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static ProcessResult Run(ProcessStartInfo start, TimeSpan? timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        string command = start.ArgumentList.Count > 0
            ? start.FileName + " " + string.Join(' ', start.ArgumentList)
            : (start.FileName + " " + start.Arguments).TrimEnd();

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{command}'.");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var combined = new StringBuilder();
        Task pumps = Task.WhenAll(
            Pump(process.StandardOutput, stdout, combined),
            Pump(process.StandardError, stderr, combined));
        if (!process.WaitForExit(timeout ?? DefaultTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            pumps.Wait();
            throw new TimeoutException($"'{command}' did not finish within {timeout ?? DefaultTimeout}:\n{Text(combined)}");
        }
        // WaitForExit(timeout) does not wait for the pipes to reach end of file; the pumps do. A
        // child left running with our pipes (a build server) would hold them open for ever.
        if (!pumps.Wait(timeout ?? DefaultTimeout))
            throw new TimeoutException($"'{command}' exited, but something it started keeps its output open:\n{Text(combined)}");
        return new ProcessResult(command, process.ExitCode, stdout.ToString(), stderr.ToString(), Text(combined));
    }

    private static async Task Pump(StreamReader reader, StringBuilder own, StringBuilder combined)
    {
        char[] buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
        {
            own.Append(buffer, 0, read);
            lock (combined)
                combined.Append(buffer, 0, read);
        }
    }

    private static string Text(StringBuilder combined)
    {
        lock (combined)
            return combined.ToString();
    }
}
