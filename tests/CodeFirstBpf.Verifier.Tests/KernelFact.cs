using Xunit;

namespace CodeFirstBpf.Verifier.Tests;

/// <summary>
/// Kernel tests run for real under CI=true; without CI they skip only when BPF cannot be used here
/// (not root, or no bpf syscall), with the reason.
/// </summary>
internal static class Kernel
{
    private static readonly Lazy<string?> s_unavailable = new(() =>
    {
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("SUDO_UID") == null)
            return "BPF needs root (or CAP_BPF + CAP_NET_ADMIN)";
        if (!File.Exists("/proc/sys/kernel/unprivileged_bpf_disabled"))
            return "this kernel has no BPF syscall";
        return null;
    });

    public static void Require()
    {
        string? reason = s_unavailable.Value;
        if (reason == null) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("CI=true but BPF is unavailable: " + reason);
        Skip.If(true, reason);
    }
}
