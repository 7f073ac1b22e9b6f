using System.Diagnostics;

namespace CodeFirstBpf.Bench;

/// <summary>Runs the tools the bench measures against (dotnet, clang, gcc, bpftool, the C map bench).</summary>
internal static class Processes
{
    /// <summary>Exit code and everything the process printed (stdout then stderr).</summary>
    public static (int Code, string Stdout, string Stderr) Run(string file, string args = "")
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    /// <summary>Standard output of a command that must succeed.</summary>
    public static string Ok(string file, string args = "")
    {
        var (code, stdout, stderr) = Run(file, args);
        if (code != 0) throw new InvalidOperationException($"{file} {args} failed:\n{stdout}{stderr}");
        return stdout;
    }
}
