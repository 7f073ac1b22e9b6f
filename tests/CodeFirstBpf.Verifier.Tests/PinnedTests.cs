using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.Verifier.Tests;

/// <summary>A C# program whose map is [Pinned]: libbpf pins it by name and the next load reuses it.</summary>
public static unsafe partial class PinnedCounter
{
    [Pinned]
    static readonly ArrayMap<ulong> SharedHits = new(1);

    [Xdp]
    public static XdpAction Hit(XdpContext ctx)
    {
        ulong* n = SharedHits.Lookup(0);
        if (n != null) System.Threading.Interlocked.Increment(ref *n);
        return XdpAction.Pass;
    }
}

public class PinnedTests
{
    [SkippableFact]
    public void Two_loads_of_a_pinned_map_see_the_same_data()
    {
        Kernel.Require();
        string dir = Path.Combine("/sys/fs/bpf", "cfb_pin_" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var options = new BpfLoadOptions { PinPath = dir };
            using (var first = PinnedCounter.Load(options))
            {
                first.Programs.Hit.TestRun(new byte[64], repeat: 3);
                Assert.Equal(3ul, first.Maps.SharedHits[0]);
            }
            Assert.True(File.Exists(Path.Combine(dir, "SharedHits")), "libbpf pinned the map by name");
            using var second = PinnedCounter.Load(options);
            Assert.Equal(3ul, second.Maps.SharedHits[0]);
            second.Programs.Hit.TestRun(new byte[64]);
            Assert.Equal(4ul, second.Maps.SharedHits[0]);
        }
        finally
        {
            foreach (string f in Directory.GetFiles(dir)) File.Delete(f);
            Directory.Delete(dir);
        }
    }
}
