using System.Linq;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

// Deliberately outside CodeFirstBpf.Runtime and without `using CodeFirstBpf.Runtime`: a caller
// like this once saw no Sum but LINQ's, and `map.Sum(0)` failed with CS0411. Compiling this file
// is the test; running it checks the sums are the maps' own.
namespace PerCpuSumCallers;

/// <summary>Per-CPU sums bind to the map's own members wherever the caller's usings point.</summary>
public sealed class PerCpuSumBindingTests
{
    [SkippableFact]
    public void Sum_binds_to_the_map_even_with_only_System_Linq_in_scope()
    {
        Kernel.Require();
        using CodeFirstBpf.Runtime.BpfObject obj = BpfPrograms.Load("maps");
        var array = new CodeFirstBpf.Runtime.PerCpuArrayMap<ulong>(obj, "percpu_array_in");
        var hash = new CodeFirstBpf.Runtime.PerCpuHashMap<uint, uint>(obj, "percpu_hash_in");
        array.Set(0, 2ul);
        hash.Update(5, 3u);

        Assert.Equal((ulong)Cpus.Possible * 2, array.Sum(0));
        Assert.Equal((uint)Cpus.Possible * 3, hash.Sum(5u));
        Assert.True(hash.TrySum(5u, out uint sum) && sum == (uint)Cpus.Possible * 3);
        // LINQ still applies where it should: over the entries.
        Assert.Equal(1, hash.Count(entry => entry.Key == 5));
    }
}
