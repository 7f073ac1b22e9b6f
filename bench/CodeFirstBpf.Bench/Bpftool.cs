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

    public static string Run(string args) => Processes.Ok("bpftool", args);

    public static string Version(string tool, string args = "--version")
    {
        try
        {
            return Processes.Run(tool, args).Output.Split('\n')[0].Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
