using System.Diagnostics;

namespace CodeFirstBpf.Verifier.Tests;

/// <summary>Runs a command and returns its exit code and combined output.</summary>
internal static class Shell
{
    public static (int Code, string Output) Run(string file, string args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {args} did not finish");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public static string Ok(string file, string args)
    {
        var (code, output) = Run(file, args);
        if (code != 0) throw new InvalidOperationException($"{file} {args} failed ({code}): {output}");
        return output;
    }
}
