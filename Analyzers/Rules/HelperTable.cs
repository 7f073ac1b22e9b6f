using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Analyzers.Rules;

/// <summary>
/// BPF3004: which program types may use which CodeFirstBpf members, after the kernel's
/// per-program-type helper lists. Context members belong to their program type;
/// <c>bpf_redirect_map</c> is XDP-only; <c>xdp_md.egress_ifindex</c> is readable only by XDP
/// programs attached to a devmap entry (<c>BPF_XDP_DEVMAP</c>), which this toolkit does not make.
/// Members match on the receiver's type or the declaring type and their base types, so a method
/// declared on a base class (<c>RedirectMap.Redirect</c>) is found through any of them.
/// Everything not listed is allowed everywhere.
/// </summary>
internal static class HelperTable
{
    private static readonly (string Type, string? Member, ProgramKinds Allowed)[] s_rules =
    {
        ("XdpContext", "EgressIfIndex", ProgramKinds.None),
        ("XdpContext", null, ProgramKinds.Xdp),
        ("TcContext", null, ProgramKinds.Tc),
        ("DevMap", "Redirect", ProgramKinds.Xdp),
        ("CpuMap", "Redirect", ProgramKinds.Xdp),
        ("XskMap", "Redirect", ProgramKinds.Xdp),
        ("RedirectMap", "Redirect", ProgramKinds.Xdp),
    };

    /// <summary>The program types that may use <paramref name="member"/>.</summary>
    public static ProgramKinds AllowedIn(ISymbol member, ITypeSymbol? receiver = null)
    {
        if (receiver != null && Find(member, receiver) is { } viaReceiver) return viaReceiver;
        return Find(member, member.ContainingType) ?? ProgramKinds.Xdp | ProgramKinds.Tc;
    }

    private static ProgramKinds? Find(ISymbol member, ITypeSymbol? start)
    {
        for (var type = start; type != null; type = type.BaseType)
        {
            if (type.ContainingNamespace?.ToDisplayString() != "CodeFirstBpf") continue;
            foreach (var (t, m, allowed) in s_rules)
                if (type.Name == t && (m == null || m == member.Name)) return allowed;
        }
        return null;
    }

    public static string Describe(ProgramKinds kind, ISymbol member)
        => kind == ProgramKinds.Xdp ? (AllowedIn(member) == ProgramKinds.None ? "non-devmap XDP" : "XDP") : "TC";
}
