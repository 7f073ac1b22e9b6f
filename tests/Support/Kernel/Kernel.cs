using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Xunit;

namespace CodeFirstBpf.Tests.Support;

/// <summary>
/// The one gate for tests that need the kernel. Off CI a test skips, with the reason, only when
/// BPF is truly unavailable here (or the kernel predates what the test needs); under
/// <c>CI=true</c> nothing skips, so a broken runner cannot turn a suite green. A feature the
/// running kernel should have but that does not work fails everywhere: that is a bug to see,
/// not a machine to excuse.
/// </summary>
internal static class Kernel
{
    private const uint MapTypeArray = 2;
    private const uint BpfFsMagic = 0xcafe4a11;

    private static readonly Lazy<string?> s_unavailable = new(ProbeBpf);
    private static readonly Lazy<Version> s_version = new(ReadVersion);

    /// <summary>Whether the tests run on CI (<c>CI=true</c>), where nothing may be skipped.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The running kernel's major.minor, from <c>/proc/sys/kernel/osrelease</c>.</summary>
    public static Version Version => s_version.Value;

    /// <summary>Skips the calling test when <c>bpf()</c> cannot be used here off CI; fails it on CI.</summary>
    public static void Require()
    {
        if (s_unavailable.Value is { } reason)
            SkipOrFail("BPF is unavailable here: " + reason);
    }

    /// <summary>
    /// <see cref="Require()"/>, then <paramref name="feature"/>: skipped off CI on a kernel older than
    /// the release that added it, failed when the kernel is new enough and the feature does not work.
    /// </summary>
    public static void Require(KernelFeature feature)
    {
        Require();
        if (KernelFeatures.Probe(feature) is not { } failure)
            return;
        Version since = KernelFeatures.Since(feature);
        if (Version >= since)
            Assert.Fail($"Kernel {Version} should have {feature} (Linux {since}+), but {failure}.");
        SkipOrFail($"{feature} needs Linux {since}+; this is {Version} ({failure}).");
    }

    /// <summary><see cref="Require()"/>, then a kernel of at least <paramref name="major"/>.<paramref name="minor"/>.</summary>
    public static void RequireAtLeast(int major, int minor)
    {
        Require();
        if (Version < new Version(major, minor))
            SkipOrFail($"This test needs Linux {major}.{minor}+; this is {Version}.");
    }

    /// <summary>Userspace tools a test drives (ip, tc, bpftool, clang), under the same skip-or-fail rule.</summary>
    public static void RequireTools(params string[] tools)
    {
        string[] missing = tools.Where(t => !Processes.IsInstalled(t)).ToArray();
        if (missing.Length > 0)
            SkipOrFail($"{string.Join(", ", missing)} not installed (./test.sh installs them).");
    }

    private static void SkipOrFail(string reason)
    {
        if (IsCi)
            Assert.Fail("CI=true, so this may not skip: " + reason);
        Skip.If(true, reason);
    }

    private static string? ProbeBpf()
    {
        if (!OperatingSystem.IsLinux())
            return "BPF needs Linux.";
        if (!NativeLibrary.TryLoad("libbpf.so.1", out nint libbpf))
            return "libbpf.so.1 is not installed (apt-get install libbpf1).";
        NativeLibrary.Free(libbpf);

        // Creating the smallest array map is the cheapest question the kernel answers only when
        // the bpf() syscall exists and this process may use it (root or CAP_BPF).
        int errno = BpfSyscall.TryCreateMap(MapTypeArray, 4, 4, 1);
        if (errno != 0)
        {
            return errno switch
            {
                1 => "the bpf() syscall was refused (EPERM): run as root or with CAP_BPF.",
                38 => "this kernel has no bpf() syscall (ENOSYS).",
                _ => $"bpf(BPF_MAP_CREATE) failed with errno {errno}.",
            };
        }
        MountBpfFs();
        return null;
    }

    /// <summary>A fresh machine may not have bpffs mounted; pinning tests need it, and root may mount it.</summary>
    private static void MountBpfFs()
    {
        if (!Directory.Exists("/sys/fs/bpf") || IsBpfFs("/sys/fs/bpf"))
            return;
        try
        {
            Processes.Run("mount", ["-t", "bpf", "bpf", "/sys/fs/bpf"]);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No mount(8): the pinning tests say what is missing when they pin.
        }
    }

    private static unsafe bool IsBpfFs(string path)
    {
        long* buffer = stackalloc long[32];
        return statfs(path, buffer) == 0 && (uint)buffer[0] == BpfFsMagic;
    }

    private static Version ReadVersion()
    {
        string release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        string[] parts = release.Split('.', '-');
        return new Version(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            parts.Length > 1 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out int minor) ? minor : 0);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern unsafe int statfs([MarshalAs(UnmanagedType.LPUTF8Str)] string path, long* buffer);
}
