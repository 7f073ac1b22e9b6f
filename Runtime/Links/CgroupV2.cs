using System;
using System.IO;

namespace CodeFirstBpf.Runtime;

/// <summary>Where the cgroup v2 hierarchy is mounted, read from <c>/proc/mounts</c> (never assumed: hybrid systems mount it at <c>/sys/fs/cgroup/unified</c>).</summary>
public static class CgroupV2
{
    /// <summary>The mount point of the cgroup v2 hierarchy, or null when none is mounted.</summary>
    public static string? MountPoint
    {
        get
        {
            foreach (string line in File.ReadLines("/proc/mounts"))
            {
                string[] fields = line.Split(' ');
                if (fields.Length > 2 && fields[2] == "cgroup2") return Unescape(fields[1]);
            }
            return null;
        }
    }

    /// <summary>The directory of the cgroup v2 the calling process is in (from <c>/proc/self/cgroup</c>), or null without a cgroup v2 mount.</summary>
    public static string? OfCurrentProcess
    {
        get
        {
            if (MountPoint is not { } mount) return null;
            foreach (string line in File.ReadLines("/proc/self/cgroup"))
                if (line.StartsWith("0::", StringComparison.Ordinal))
                    return Path.Join(mount, line.AsSpan(3).TrimStart('/'));
            return null;
        }
    }

    /// <summary>
    /// Moves process <paramref name="pid"/> (all its threads) into the cgroup v2 at
    /// <paramref name="cgroupPath"/> by writing <c>cgroup.procs</c>; its children start there too.
    /// </summary>
    /// <exception cref="BpfException">The path is no cgroup v2 directory, or the kernel refused the move.</exception>
    public static void AddProcess(string cgroupPath, int pid)
    {
        ArgumentException.ThrowIfNullOrEmpty(cgroupPath);
        string procs = Path.Join(cgroupPath, "cgroup.procs");
        if (!File.Exists(procs))
            throw new BpfException($"Cannot move process {pid} into '{cgroupPath}': it is not a cgroup v2 directory (no cgroup.procs); give one under {MountPoint ?? "a cgroup2 mount"}.", Errno.ENOENT);
        try
        {
            File.WriteAllText(procs, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (IOException e)
        {
            throw new BpfException($"Cannot move process {pid} into cgroup '{cgroupPath}': {e.Message}", e.HResult & 0xFFFF);
        }
    }

    // /proc/mounts writes spaces, tabs, newlines and backslashes in paths as octal escapes.
    private static string Unescape(string path) =>
        path.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
