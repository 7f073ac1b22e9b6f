using CodeFirstBpf.Generator.Frontend;
using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Analyzers.Rules;

/// <summary>
/// BPF3004: which program types may use which CodeFirstBpf members. The facts are declared on
/// the Dataplane API ([BpfHelper(Programs = …)], [BpfContext], [BpfContextField]) and read through
/// <see cref="BpfFacts"/>, which the generator reads too: context members belong to their program
/// type, <c>bpf_redirect_map</c> is XDP-only, <c>xdp_md.egress_ifindex</c> is readable only by XDP
/// programs attached to a devmap entry (<c>BPF_XDP_DEVMAP</c>), which this toolkit does not make.
/// A member inherited from a base class carries its declaration's facts.
/// </summary>
internal static class HelperTable
{
    /// <summary>The program types that may use <paramref name="member"/>.</summary>
    public static ProgramKinds AllowedIn(ISymbol member, ITypeSymbol? receiver = null) => (ProgramKinds)BpfFacts.AllowedIn(member);

    public static string Describe(ProgramKinds kind, ISymbol member)
        => kind == ProgramKinds.Xdp && AllowedIn(member) == ProgramKinds.None ? "non-devmap XDP" : BpfFacts.KindName((int)kind);
}
