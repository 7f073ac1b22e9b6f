using System.Runtime.InteropServices;
using Xunit;

namespace CodeFirstBpf.Semantics.Tests.Harness;

/// <summary>
/// Whether this machine can load BPF programs at all. Kernel tests skip only when it cannot and
/// the environment variable <c>CI</c> is not <c>true</c>; on CI an unavailable kernel is a failure,
/// so a broken runner never turns the semantics suite green by skipping it.
/// </summary>
public static unsafe class KernelSupport
{
    private const int BpfMapCreate = 0;
    private const int BpfMapTypeArray = 2;

    private static readonly Lazy<string?> s_unavailableReason = new(Probe);

    /// <summary>Whether the tests run on CI, where nothing may be skipped.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the calling test when BPF is unavailable off CI; fails it on CI.</summary>
    public static void RequireBpf()
    {
        string? reason = s_unavailableReason.Value;
        if (reason is null) return;
        if (IsCi) Assert.Fail("CI=true but BPF is unavailable here: " + reason);
        Skip.If(true, reason);
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "BPF needs Linux.";
        if (!NativeLibrary.TryLoad("libbpf.so.1", out nint libbpf)) return "libbpf.so.1 is not installed (apt-get install libbpf1).";
        NativeLibrary.Free(libbpf);

        // Creating the smallest array map is the cheapest question the kernel answers only when
        // the bpf() syscall exists and this process may use it (root or CAP_BPF).
        long number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 321,
            Architecture.Arm64 => 280,
            _ => -1,
        };
        if (number < 0) return $"No bpf() syscall number known for {RuntimeInformation.ProcessArchitecture}.";
        byte* attr = stackalloc byte[72];
        new Span<byte>(attr, 72).Clear();
        ((uint*)attr)[0] = BpfMapTypeArray;
        ((uint*)attr)[1] = 4; // key size
        ((uint*)attr)[2] = 4; // value size
        ((uint*)attr)[3] = 1; // max entries
        long fd = syscall(number, BpfMapCreate, attr, 72);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno switch
            {
                1 => "The bpf() syscall was refused (EPERM): run as root or with CAP_BPF.",
                38 => "This kernel has no bpf() syscall (ENOSYS).",
                _ => $"bpf(BPF_MAP_CREATE) failed with errno {errno}.",
            };
        }
        close((int)fd);
        return null;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern long syscall(long number, long command, void* attr, long size);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
