using System.Collections.Generic;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// Every C# object's BTF is accepted by the kernel. libbpf 1.1 drops all BTF silently when the
/// kernel refuses it (an unnamed parameter is enough), and with it line info and map field names:
/// this fails loudly instead.
/// </summary>
public class BtfKeptTests
{
    public static IEnumerable<object[]> Names => ProgramPair.Names;

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void The_kernel_keeps_the_btf(string name)
    {
        Kernel.Require();
        using BpfObject obj = ProgramPair.Named(name).LoadCSharp();
        Assert.False(obj.BtfRejected, string.Join("\n", obj.LoadWarnings));
        Assert.DoesNotContain(obj.LoadWarnings, w => w.Contains("BTF", System.StringComparison.Ordinal));
    }
}
