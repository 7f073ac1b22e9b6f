using System.Text.RegularExpressions;
using System;
using System.IO;
using System.Linq;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

/// <summary>
/// <see cref="MapFlags"/> and <see cref="CsumFlags"/> carry the kernel's <c>BPF_F_*</c> numbers: each
/// member equals its uapi constant in the installed <c>linux/bpf.h</c> (skipped where the header is not installed).
/// </summary>
public class FlagFactsTests
{
    private const string Header = "/usr/include/linux/bpf.h";

    public static TheoryData<string, string> Names => new()
    {
        { "MapFlags.NoPrealloc", "BPF_F_NO_PREALLOC" }, { "MapFlags.NoCommonLru", "BPF_F_NO_COMMON_LRU" },
        { "MapFlags.NumaNode", "BPF_F_NUMA_NODE" }, { "MapFlags.ReadOnlyUser", "BPF_F_RDONLY" }, { "MapFlags.WriteOnlyUser", "BPF_F_WRONLY" },
        { "MapFlags.ZeroSeed", "BPF_F_ZERO_SEED" }, { "MapFlags.ReadOnlyProgram", "BPF_F_RDONLY_PROG" },
        { "MapFlags.WriteOnlyProgram", "BPF_F_WRONLY_PROG" }, { "MapFlags.Mmapable", "BPF_F_MMAPABLE" },
        { "MapFlags.PreserveElems", "BPF_F_PRESERVE_ELEMS" }, { "MapFlags.InnerMap", "BPF_F_INNER_MAP" },
        { "CsumFlags.PseudoHeader", "BPF_F_PSEUDO_HDR" }, { "CsumFlags.MarkMangled0", "BPF_F_MARK_MANGLED_0" },
        { "CsumFlags.MarkEnforce", "BPF_F_MARK_ENFORCE" },
    };

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void Each_flag_is_the_uapi_value(string member, string uapi)
    {
        Skip.IfNot(File.Exists(Header), Header + " is not installed");
        var m = Regex.Match(File.ReadAllText(Header), @"\b" + uapi + @"\s*=\s*\((1U?L{0,2}) << (\d+)\)");
        Assert.True(m.Success, uapi + " not found in " + Header);
        ulong expected = 1UL << int.Parse(m.Groups[2].Value);
        string[] parts = member.Split('.');
        ulong actual = parts[0] == "MapFlags" ? (ulong)Enum.Parse<MapFlags>(parts[1]) : (ulong)(int)Enum.Parse<CsumFlags>(parts[1]);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_map_flag_is_named_here()
        => Assert.Equal(Enum.GetNames<MapFlags>().Where(n => n != "None").Select(n => "MapFlags." + n).Order(),
            Names.Select(r => (string)r[0]).Where(n => n.StartsWith("MapFlags.", StringComparison.Ordinal)).Order());
}
