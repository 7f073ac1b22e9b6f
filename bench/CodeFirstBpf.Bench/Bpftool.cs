using System.Diagnostics;
using System.Text.Json;

namespace CodeFirstBpf.Bench;

/// <summary>Facts about a loaded program that only the kernel knows, read through bpftool.</summary>
internal static class Bpftool
{
    public static (long Xlated, long Jited) Sizes(uint programId)
    {
        using var doc = JsonDocument.Parse(Run($"prog show id {programId} -j"));
        return (doc.RootElement.GetProperty("bytes_xlated").GetInt64(), doc.RootElement.GetProperty("bytes_jited").GetInt64());
    }

    public static string Run(string args)
    {
        var psi = new ProcessStartInfo("bpftool", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("bpftool is needed (apt-get install bpftool)");
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"bpftool {args}: {error}");
        return output;
    }

    public static string Version(string tool, string args = "--version")
    {
        try
        {
            var psi = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            string first = (p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd()).Split('\n')[0].Trim();
            p.WaitForExit();
            return first;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
