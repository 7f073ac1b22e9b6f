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

    private static string? FindMissing()
    {
        if (!OperatingSystem.IsLinux())
            return "this is not Linux";
        if (geteuid() != 0)
            return "the tests are not running as root";
        if (!File.Exists("/sys/fs/bpf") && !Directory.Exists("/sys/fs/bpf"))
            return "/sys/fs/bpf does not exist";
        if (BpfPrograms.Clang is null)
            return "clang-14 is not installed";
        if (!NativeLibrary.TryLoad("libbpf.so.1", out _))
            return "libbpf.so.1 is not installed";
        return null;
    }
}
