using System;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

/// <summary>The typed maps' hot paths do not allocate.</summary>
public sealed class AllocationTests
{
    [SkippableFact]
    public void Typed_map_hot_paths_allocate_nothing()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        using BpfObject globals = BpfPrograms.Load("globals");
        var array = new ArrayMap<ulong>(obj, "array_in");
        var hash = new HashMap<FlowKey, FlowStats>(obj, "hash_in");
        var perCpuArray = new PerCpuArrayMap<ulong>(obj, "percpu_array_in");
        var perCpuHash = new LruPerCpuHashMap<FlowKey, FlowStats>(obj, "lru_percpu_in");
        var counters = new PerCpuHashMap<uint, uint>(obj, "percpu_hash_in");
        var key = new FlowKey(1, 2, 3);
        Span<ulong> perCpu = stackalloc ulong[perCpuArray.CpuCount];
        Span<FlowStats> perCpuStats = stackalloc FlowStats[perCpuHash.CpuCount];

        void Exercise(Span<ulong> perCpu, Span<FlowStats> perCpuStats)
        {
            array[1] = array[0] + 1;
            hash.Update(key, new FlowStats(1, 2));
            hash.TryGetValue(key, out _);
            hash.ContainsKey(key);
            foreach (var entry in hash)
                _ = entry.Value;
            foreach (FlowKey k in hash.Keys)
                _ = k;
            hash.Remove(key);
            perCpuArray.Set(0, 5ul);
            perCpuArray.GetPerCpu(0, perCpu);
            _ = perCpuArray.Sum(0);
            perCpuHash.Update(key, new FlowStats(3, 4));
            perCpuHash.TryGetPerCpu(key, perCpuStats);
            perCpuHash.Remove(key);
            counters.Update(9u, 1u);
            _ = counters.Sum(9u);
            globals.Globals.Write("dropped", globals.Globals.Read<ulong>("dropped") + 1);
        }

        Exercise(perCpu, perCpuStats);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            Exercise(perCpu, perCpuStats);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
