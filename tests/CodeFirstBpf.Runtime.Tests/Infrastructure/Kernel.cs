using System;
using System.IO;
using System.Runtime.InteropServices;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests.Infrastructure;

/// <summary>
/// Gate for tests that need the kernel: they skip only when BPF is truly unavailable and CI is
/// unset; under CI=true a missing prerequisite fails the test instead.
/// </summary>
internal static partial class Kernel
{
    private static readonly Lazy<string?> MissingReason = new(FindMissing);

    internal static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    internal static void Require()
    {
        string? reason = MissingReason.Value;
        if (reason is null)
            return;
        if (IsCi)
            throw new InvalidOperationException($"CI=true requires kernel BPF support, but {reason}.");
        Skip.If(true, reason);
    }

    [LibraryImport("libc.so.6")]
    private static partial uint geteuid();

    [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statfs(string path, long* buffer);

    private static unsafe bool IsBpfFs(string path)
    {
        long* buffer = stackalloc long[32];
        return statfs(path, buffer) == 0 && (buffer[0] & 0xffffffffL) == 0xcafe4a11;
    }

    private static string? FindMissing()
    {
        if (!OperatingSystem.IsLinux())
            return "this is not Linux";
        if (geteuid() != 0)
            return "the tests are not running as root";
        if (!Directory.Exists("/sys/fs/bpf"))
            return "/sys/fs/bpf does not exist";
        if (!IsBpfFs("/sys/fs/bpf"))
        {
            // A fresh machine may not have bpffs mounted; as root the tests can mount it themselves.
            Shell.TryRun("mount", "-t", "bpf", "bpf", "/sys/fs/bpf");
            if (!IsBpfFs("/sys/fs/bpf"))
                return "no BPF filesystem is mounted at /sys/fs/bpf";
        }
        if (BpfPrograms.Clang is null)
            return "clang-14 is not installed";
        foreach (string tool in new[] { "ip", "tc", "bpftool" })
        {
            if (Shell.TryRun("which", tool).ExitCode != 0)
                return $"{tool} is not installed";
        }
        if (!NativeLibrary.TryLoad("libbpf.so.1", out _))
            return "libbpf.so.1 is not installed";
        return null;
    }
}
