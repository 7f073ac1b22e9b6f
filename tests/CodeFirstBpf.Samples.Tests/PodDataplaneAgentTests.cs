using System.Diagnostics;
using System.Runtime.InteropServices;
using PodDataplane.Demo;
using Xunit;

namespace CodeFirstBpf.Samples.Tests;

/// <summary>The agent as an operator runs it: a process over a configuration file, stopped by SIGTERM.</summary>
public class PodDataplaneAgentTests
{
    private const int SigTerm = 15;

    // kill(2) itself: /usr/bin/kill comes from procps, which a minimal machine may lack.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [SkippableFact]
    public void Sigterm_detaches_every_program_and_exits_cleanly()
    {
        Kernel.Require();
        using var network = new PodNetwork();
        var pod = network.AddPod("agent", "198.51.100.50");
        string dir = Path.Combine(Path.GetTempPath(), "cfb-dp-agent-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        Process? agent = null;
        try
        {
            string file = Path.Combine(dir, "dataplane.json");
            File.WriteAllText(file, $$"""{ "Dataplane": { "Interfaces": [ "{{pod.HostInterface}}" ], "Metrics": { "Port": 0 } } }""");
            var psi = new ProcessStartInfo("dotnet", $"{Path.Combine(AppContext.BaseDirectory, "PodDataplane.dll")} --config {file}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            agent = Process.Start(psi)!;
            var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
            using var attached = new ManualResetEventSlim();
            agent.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                output.Enqueue(e.Data);
                if (e.Data.Contains($"attached to {pod.HostInterface}")) attached.Set();
            };
            agent.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
            agent.BeginOutputReadLine();
            agent.BeginErrorReadLine();
            Assert.True(attached.Wait(TimeSpan.FromSeconds(60)), string.Join('\n', output));

            string before = Processes.Ok("bpftool", $"net show dev {pod.HostInterface}");
            // bpftool names TC programs; the XDP one it shows as "<if>(<index>) driver id <id>".
            Assert.Contains(" driver id ", before);
            Assert.Contains("FromWorkload", before);
            Assert.Contains("ToWorkload", before);

            Assert.Equal(0, Kill(agent.Id, SigTerm));
            Assert.True(agent.WaitForExit(TimeSpan.FromSeconds(30)), string.Join('\n', output));
            agent.WaitForExit();
            Assert.True(agent.ExitCode == 0, string.Join('\n', output));
            Assert.Contains(output, l => l.Contains("detached from every interface"));

            string after = Processes.Ok("bpftool", $"net show dev {pod.HostInterface}");
            Assert.DoesNotContain(" driver id ", after);
            Assert.DoesNotContain("FromWorkload", after);
            Assert.DoesNotContain("ToWorkload", after);
        }
        finally
        {
            if (agent is { HasExited: false }) agent.Kill(entireProcessTree: true);
            agent?.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }
}
