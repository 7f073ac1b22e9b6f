using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CodeFirstBpf.Runtime.Interop;

namespace CodeFirstBpf.Runtime;

/// <summary>One line of the kernel's trace pipe: who printed it, where, when, and what.</summary>
/// <param name="Task">The task (process) name, as the kernel shows it (<c>&lt;...&gt;</c> when unknown).</param>
/// <param name="Pid">The process id.</param>
/// <param name="Cpu">The CPU it ran on.</param>
/// <param name="Timestamp">Seconds since boot.</param>
/// <param name="Message">The text after <c>bpf_trace_printk:</c> (or the whole event text for other events).</param>
/// <param name="Raw">The line as the kernel wrote it.</param>
public sealed record TraceLine(string Task, int Pid, int Cpu, double Timestamp, string Message, string Raw);

/// <summary>
/// The kernel trace pipe, where <c>Bpf.Printk</c> output lands (<c>bpftool prog tracelog</c>).
/// Lines are consumed as they are read: two readers share one stream.
/// </summary>
public static unsafe partial class TracePipe
{
    [GeneratedRegex(@"^\s*(?<task>.+?)-(?<pid>\d+)\s+(?:\(\s*[-\d]+\)\s+)?\[(?<cpu>\d+)\]\s+(?:\S+\s+)?(?<ts>\d+\.\d+):\s+(?<event>[^:]+):\s?(?<msg>.*)$")]
    private static partial Regex LineFormat();

    /// <summary>The trace pipe's path on this machine: tracefs from <c>/proc/mounts</c>, or debugfs's <c>tracing/</c>; null when neither is mounted.</summary>
    public static string? FindPath()
    {
        foreach (string line in File.ReadLines("/proc/mounts"))
        {
            string[] f = line.Split(' ');
            if (f.Length < 3) continue;
            string mount = f[1].Replace("\\040", " ", StringComparison.Ordinal);
            if (f[2] == "tracefs" && File.Exists(Path.Combine(mount, "trace_pipe"))) return Path.Combine(mount, "trace_pipe");
            if (f[2] == "debugfs" && File.Exists(Path.Combine(mount, "tracing", "trace_pipe"))) return Path.Combine(mount, "tracing", "trace_pipe");
        }
        return null;
    }

    /// <summary>Parses one trace-pipe line; null for a line in no known format.</summary>
    public static TraceLine? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var m = LineFormat().Match(line);
        if (!m.Success) return null;
        return new TraceLine(m.Groups["task"].Value, int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["cpu"].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups["ts"].Value, CultureInfo.InvariantCulture), m.Groups["msg"].Value, line);
    }

    /// <summary>Streams parsed lines until <paramref name="cancellationToken"/> is cancelled (then ends without throwing).</summary>
    /// <exception cref="BpfException">No tracefs is mounted, or the pipe cannot be opened (needs root).</exception>
    public static async IAsyncEnumerable<TraceLine> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string path = FindPath() ?? throw new BpfException("No tracefs is mounted (mount -t tracefs nodev /sys/kernel/tracing), so Bpf.Printk output cannot be read.", Errno.ENOENT);
        int fd = LibC.open(path, LibC.OReadOnly | LibC.ONonBlock | LibC.OCloexec);
        if (fd < 0) throw BpfErrors.FromErrno(-Marshal.GetLastPInvokeError(), $"Opening {path}");
        using var handle = BpfFdHandle.Own(fd);
        var pending = new StringBuilder();
        var buffer = new byte[8192];
        while (!cancellationToken.IsCancellationRequested)
        {
            var lines = await Task.Run(() => ReadSome(fd, buffer, pending), CancellationToken.None).ConfigureAwait(false);
            foreach (var line in lines)
                if (Parse(line) is { } parsed) yield return parsed;
        }
    }

    /// <summary>Waits up to 200 ms for data and returns the complete lines read.</summary>
    private static List<string> ReadSome(int fd, byte[] buffer, StringBuilder pending)
    {
        var lines = new List<string>();
        var p = new LibC.PollFd { Fd = fd, Events = LibC.PollIn };
        if (LibC.poll(&p, 1, 200) <= 0) return lines;
        fixed (byte* b = buffer)
        {
            nint n = LibC.read(fd, b, (nuint)buffer.Length);
            if (n <= 0) return lines;
            pending.Append(Encoding.UTF8.GetString(buffer, 0, (int)n));
        }
        string text = pending.ToString();
        int end = text.LastIndexOf('\n');
        if (end < 0) return lines;
        lines.AddRange(text[..end].Split('\n').Where(l => l.Length > 0));
        pending.Clear().Append(text[(end + 1)..]);
        return lines;
    }
}
