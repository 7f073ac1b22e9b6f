using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Semantics.Tests.Harness;

/// <summary>
/// Up to two <see cref="CompileWorker"/> processes (the machine has two cores), reused across
/// snippets so Roslyn and LLVM stay warm. A worker that dies mid-compile (a generator stack
/// overflow) or hangs is replaced, and that snippet gets one <c>CRASH</c> error diagnostic.
/// </summary>
internal static class CompileWorkerPool
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);
    private static readonly SemaphoreSlim s_slots = new(2);
    private static readonly ConcurrentBag<Worker> s_idle = new();
    private static readonly ConcurrentDictionary<Worker, bool> s_all = new();

    static CompileWorkerPool() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var w in s_all.Keys) w.Dispose();
    };

    public static CompileOutput Compile(string source, string cpu)
    {
        s_slots.Wait();
        Worker? worker = null;
        try
        {
            worker = s_idle.TryTake(out var idle) ? idle : Worker.Start();
            var (output, failure) = worker.Compile(source, cpu, s_timeout);
            if (output != null)
            {
                s_idle.Add(worker);
                return output;
            }
            worker.Dispose();
            var crash = new SnippetDiagnostic("CRASH", DiagnosticSeverity.Error, failure!, "", 0, 0, 0, 0);
            return new CompileOutput([crash], "", "", null);
        }
        finally
        {
            s_slots.Release();
        }
    }

    private sealed class Worker : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stderr = new();
        private readonly BlockingCollection<string?> _replies = new();

        private Worker(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data == null) _replies.Add(null);
                else if (e.Data.StartsWith(CompileWorker.ReplyMarker, StringComparison.Ordinal)) _replies.Add(e.Data[CompileWorker.ReplyMarker.Length..]);
            };
            process.ErrorDataReceived += (_, e) =>
            {
                lock (_stderr)
                    if (e.Data != null && _stderr.Length < 4000) _stderr.AppendLine(e.Data);
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            s_all[this] = true;
        }

        public static Worker Start()
        {
            string dll = typeof(CompileWorker).Assembly.Location;
            string apphost = Path.ChangeExtension(dll, null);
            var info = File.Exists(apphost) ? new ProcessStartInfo(apphost) : new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { ArgumentList = { dll } };
            info.ArgumentList.Add("--compile-worker");
            info.RedirectStandardInput = true;
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            info.UseShellExecute = false;
            return new Worker(Process.Start(info) ?? throw new InvalidOperationException("could not start the compile worker"));
        }

        public (CompileOutput? Output, string? Failure) Compile(string source, string cpu, TimeSpan timeout)
        {
            lock (_stderr) _stderr.Clear();
            _process.StandardInput.WriteLine(JsonSerializer.Serialize(new CompileWorker.Request(source, cpu)));
            _process.StandardInput.Flush();
            if (!_replies.TryTake(out string? reply, timeout))
                return (null, $"the generator did not finish within {timeout.TotalSeconds:0} s (compile worker killed)");
            if (reply != null) return (JsonSerializer.Deserialize<CompileOutput>(reply), null);
            _process.WaitForExit(5000);
            string err;
            lock (_stderr) err = _stderr.ToString();
            string code = _process.HasExited ? _process.ExitCode.ToString() : "?";
            // The first line says what happened, the first generator frame says where.
            var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string what = lines.FirstOrDefault(l => l.Contains("overflow", StringComparison.OrdinalIgnoreCase) || l.Contains("Exception", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? "";
            string where = lines.FirstOrDefault(l => l.Contains("CodeFirstBpf.Generator", StringComparison.Ordinal)) ?? "";
            return (null, $"the compiler process died (exit code {code}): {what} {where}\n{err}");
        }

        public void Dispose()
        {
            s_all.TryRemove(this, out _);
            try
            {
                if (!_process.HasExited) _process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            _process.Dispose();
        }
    }
}
