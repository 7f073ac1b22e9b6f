using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Analyzers.Rules;

/// <summary>
/// BPF3004: which program types may use which CodeFirstBpf members, after the kernel's
/// per-program-type helper lists. Context members belong to their program type;
/// <c>bpf_redirect_map</c> is XDP-only. Everything not listed is allowed everywhere.
/// </summary>
internal static class HelperTable
{
    private static readonly (string Type, string? Member, ProgramKinds Allowed)[] s_rules =
    {
        ("XdpContext", null, ProgramKinds.Xdp),
        ("TcContext", null, ProgramKinds.Tc),
        ("DevMap", "Redirect", ProgramKinds.Xdp),
        ("CpuMap", "Redirect", ProgramKinds.Xdp),
        ("XskMap", "Redirect", ProgramKinds.Xdp),
    };

    /// <summary>The program types that may use <paramref name="member"/>.</summary>
    public static ProgramKinds AllowedIn(ISymbol member)
    {
        var type = member.ContainingType;
        if (type == null || type.ContainingNamespace?.ToDisplayString() != "CodeFirstBpf") return ProgramKinds.Xdp | ProgramKinds.Tc;
        foreach (var (t, m, allowed) in s_rules)
            if (type.Name == t && (m == null || m == member.Name)) return allowed;
        return ProgramKinds.Xdp | ProgramKinds.Tc;
    }

    public static string Describe(ProgramKinds kind) => kind == ProgramKinds.Xdp ? "XDP" : "TC";
}
