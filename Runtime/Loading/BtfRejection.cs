using System;
using System.Collections.Generic;
using System.Linq;

namespace CodeFirstBpf.Runtime.Loading;

/// <summary>
/// Recognises, in what libbpf printed during a load, that the kernel refused the object's BTF
/// (libbpf 1.x then says "Error loading .BTF into kernel … BTF is optional, ignoring" and loads
/// without it), and turns that into the load's outcome chosen by <see cref="BpfLoadOptions.OnBtfRejected"/>.
/// </summary>
internal static class BtfRejection
{
    private const string BeginKernelLog = "BEGIN BTF LOAD LOG";
    private const string EndKernelLog = "END BTF LOAD LOG";

    /// <summary>Whether this libbpf line says the kernel rejected the BTF.</summary>
    internal static bool IsRejection(string line) =>
        line.Contains("BTF loading error", StringComparison.Ordinal) || line.Contains("Error loading .BTF", StringComparison.Ordinal);

    /// <summary>
    /// Nothing when the kernel kept the BTF. Otherwise, with <see cref="BtfRejectedAction.Fail"/>,
    /// the exception to throw; with <see cref="BtfRejectedAction.Warn"/>, a warning added to
    /// <paramref name="libbpfLog"/> and sent to the log subscribers.
    /// </summary>
    internal static BpfException? Check(string objectName, List<string> libbpfLog, BtfRejectedAction action)
    {
        if (!libbpfLog.Any(IsRejection))
            return null;
        string reason = KernelReason(libbpfLog);
        if (action == BtfRejectedAction.Fail)
        {
            return new BpfException(
                $"The kernel rejected the BTF of BPF object '{objectName}' ({reason}): without it verifier errors lose their source lines and maps their field names. "
                + "Report the object to its compiler; to load it without BTF anyway, set BpfLoadOptions.OnBtfRejected = BtfRejectedAction.Warn.",
                Errno.EINVAL, [.. libbpfLog]);
        }
        string warning = $"CodeFirstBpf: BPF object '{objectName}' was loaded without its BTF, which the kernel rejected ({reason}).";
        libbpfLog.Add(warning);
        BpfDiagnostics.Publish(LibbpfLogLevel.Warning, warning);
        return null;
    }

    /// <summary>For a verifier error: why it names no source line when the kernel also rejected the BTF (else nothing).</summary>
    internal static string WhyNoSourceLine(IReadOnlyList<string> libbpfLog)
        => libbpfLog.Any(IsRejection)
            ? $" The kernel also rejected the object's BTF ({KernelReason(libbpfLog)}), so the verifier could not name source lines."
            : string.Empty;

    /// <summary>The kernel's last word in the BTF load log libbpf printed (e.g. "[6] STRUCT U … Invalid member bits_offset"), else libbpf's line.</summary>
    internal static string KernelReason(IReadOnlyList<string> libbpfLog)
    {
        int begin = Index(libbpfLog, BeginKernelLog), end = Index(libbpfLog, EndKernelLog);
        if (begin >= 0 && end > begin)
        {
            // The kernel logs each type it checked ("[9] STRUCT U size=8 vlen=2", then its members);
            // the rejected type and the reason come last.
            var kernel = libbpfLog.Skip(begin + 1).Take(end - begin - 1).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            int type = kernel.FindLastIndex(l => l.StartsWith('['));
            if (kernel.Count > 0)
                return string.Join(" ", kernel.Skip(type >= 0 ? type : kernel.Count - 1));
        }
        return libbpfLog.First(IsRejection).Trim();
    }

    private static int Index(IReadOnlyList<string> lines, string marker)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Contains(marker, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }
}
