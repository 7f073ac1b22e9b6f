using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Idioms;

/// <summary>
/// <c>MapFlags.NoCommonLru</c> behaves: the kernel gives each CPU its own LRU list with an even share
/// of the entries, so one program run (one CPU) holds only <c>maxEntries / possible CPUs</c> of them
/// and a full list evicts its four oldest at once, where the common LRU holds every entry. The .NET
/// stand-in models exactly that, and agrees with the kernel entry for entry. One frame a run: BPF
/// test runs from userspace land on any CPU, each with its own list.
/// </summary>
public class LruFlagTests
{
    private const string Program = """
        uint n = d[0];
        for (uint i = 0; i < 100; i++)
        {
            if (i >= n) break;
            // The common LRU only up to its size: which entry it evicts is not modelled in .NET.
            if (i < 64) Common.Update(i + d[1] * 100u, i);
            PerCpu.Update(i + d[1] * 100u, i);
        }
        """;

    private const string Maps = """
        static readonly LruHashMap<uint, ulong> Common = new(64);
        static readonly LruHashMap<uint, ulong> PerCpu = new(64, flags: MapFlags.NoCommonLru);
        """;

    private static int PossibleCpus()
    {
        int count = 0;
        foreach (string part in File.ReadAllText("/sys/devices/system/cpu/possible").Trim().Split(','))
        {
            string[] r = part.Split('-');
            count += r.Length == 2 ? int.Parse(r[1]) - int.Parse(r[0]) + 1 : 1;
        }
        return count;
    }

    [SkippableTheory]
    [InlineData(20)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(40)]
    [InlineData(64)]
    [InlineData(99)]
    public void NoCommonLru_evicts_within_this_CPUs_share_as_the_kernel_does(int inserted)
    {
        Kernel.Require();
        var frame = new byte[64];
        frame[0] = (byte)inserted;
        frame[1] = 3;
        Snippets.AssertAgrees(Snippets.Xdp(Program, members: Maps), frames: new[] { frame });
    }

    [SkippableFact]
    public void One_CPU_holds_its_share_of_a_per_CPU_LRU_map_and_all_of_a_common_one()
    {
        Kernel.Require();
        using var s = SnippetCompiler.Compile(Snippets.Xdp(Program, members: Maps), "v3");
        var obj = s.LoadKernel();
        var frame = new byte[64];
        frame[0] = 64;
        obj.GetXdpProgram("Run").TestRun(frame);
        int share = (64 + PossibleCpus() - 1) / PossibleCpus();
        Assert.Equal(64, new Runtime.LruHashMap<uint, ulong>(obj, "Common").Count());
        Assert.Equal(share, new Runtime.LruHashMap<uint, ulong>(obj, "PerCpu").Count());
        // The newest entries survive.
        Assert.True(new Runtime.LruHashMap<uint, ulong>(obj, "PerCpu").ContainsKey(63));
    }
}
