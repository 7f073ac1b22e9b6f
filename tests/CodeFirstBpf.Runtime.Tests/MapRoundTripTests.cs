using System;
using System.Linq;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

/// <summary>
/// Every typed map class with the kernel: userspace writes a map, a BPF program reads it in a
/// test run and writes another map, userspace reads that back.
/// </summary>
public sealed class MapRoundTripTests
{
    [SkippableFact]
    public void ArrayMap_round_trips_through_a_program()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        var input = new ArrayMap<ulong>(obj, "array_in");
        var output = new ArrayMap<ulong>(obj, "array_out");

        input[0] = 21;
        Assert.Equal(XdpAction.Pass, obj.GetXdpProgram("xdp_array").TestRun(Packets.Arp()).Action);

        Assert.Equal(42ul, output[1]);
        Assert.True(output.TryGetValue(1, out ulong value) && value == 42);
        Assert.False(output.TryGetValue(4, out _));
        Assert.Equal([0ul, 42ul, 0ul, 0ul], output.ToArray());
        Assert.Equal(4u, output.MaxEntries);
        Assert.Throws<ArgumentOutOfRangeException>(() => input[4] = 1);
    }

    [SkippableFact]
    public void HashMap_round_trips_struct_keys_and_values()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        var input = new HashMap<FlowKey, FlowStats>(obj, "hash_in");
        var output = new HashMap<FlowKey, FlowStats>(obj, "hash_out");
        var key = new FlowKey(0x0a000001, 80, 6);

        Assert.Equal(XdpAction.Drop, obj.GetXdpProgram("xdp_hash").TestRun(Packets.Arp()).Action);
        input[key] = new FlowStats(3, 1500);
        Assert.Equal(XdpAction.Pass, obj.GetXdpProgram("xdp_hash").TestRun(Packets.Arp()).Action);

        Assert.Equal(new FlowStats(6, 3000), output[key with { Port = 81 }]);
        Assert.False(output.ContainsKey(key));
    }

    [SkippableFact]
    public void LruHashMap_round_trips_through_a_program()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        var input = new LruHashMap<ulong, ulong>(obj, "lru_in");
        var output = new LruHashMap<ulong, ulong>(obj, "lru_out");

        Assert.True(input.Update(0x1122334455, 99));
        obj.GetXdpProgram("xdp_lru").TestRun(Packets.Arp());

        Assert.True(output.TryGetValue(0x1122334456, out ulong value));
        Assert.Equal(100ul, value);
        Assert.Single(output);
    }

    [SkippableFact]
    public void PerCpuArrayMap_round_trips_every_CPUs_value()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        var input = new PerCpuArrayMap<ulong>(obj, "percpu_array_in");
        var output = new PerCpuArrayMap<ulong>(obj, "percpu_array_out");

        input.Set(0, 7ul);
        Assert.All(input.GetPerCpu(0), v => Assert.Equal(7ul, v));
        obj.GetXdpProgram("xdp_percpu_array").TestRun(Packets.Arp(), repeat: 3);

        // The test run happens on one CPU: only that CPU's slot moved, by 3 × 7.
        ulong[] perCpu = output.GetPerCpu(1);
        Assert.Equal(Cpus.Possible, perCpu.Length);
        Assert.Single(perCpu, v => v == 21);
        Assert.Equal(21ul, output.Sum(1));
        Assert.Equal(0ul, output.Sum(0));
    }

    [SkippableFact]
    public void PerCpuHashMap_round_trips_through_a_program()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        var input = new PerCpuHashMap<uint, uint>(obj, "percpu_hash_in");
        var output = new PerCpuHashMap<uint, uint>(obj, "percpu_hash_out");

        Assert.True(input.Update(5, 10u));
        obj.GetXdpProgram("xdp_percpu_hash").TestRun(Packets.Arp());

        uint[] values = output.GetPerCpu(6);
        Assert.Single(values, v => v == 13);
        Assert.Equal(13u, output.Sum(6u));
        Assert.True(output.TrySum(6u, out uint sum) && sum == 13);
        Assert.False(output.TrySum(5u, out _));
        Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => output.Sum(5u));
    }

    [SkippableFact]
    public void LruPerCpuHashMap_round_trips_struct_values()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        var input = new LruPerCpuHashMap<FlowKey, FlowStats>(obj, "lru_percpu_in");
        var output = new LruPerCpuHashMap<FlowKey, FlowStats>(obj, "lru_percpu_out");
        var key = new FlowKey(0xc0a80001, 53, 17);

        FlowStats[] seeded = Enumerable.Range(0, input.CpuCount).Select(cpu => new FlowStats((ulong)cpu * 10, 500)).ToArray();
        Assert.True(input.Update(key, seeded));
        Assert.Equal(seeded, input.GetPerCpu(key));
        obj.GetXdpProgram("xdp_lru_percpu").TestRun(Packets.Arp());

        Span<FlowStats> values = stackalloc FlowStats[output.CpuCount];
        Assert.True(output.TryGetPerCpu(key, values));
        FlowStats written = Assert.Single(values.ToArray(), v => v.Bytes == 600);
        Assert.Contains(written.Packets - 1, seeded.Select(s => s.Packets));
        var (entryKey, entryValues) = Assert.Single(output);
        Assert.Equal(key, entryKey);
        Assert.Equal(values.ToArray(), entryValues);
    }
}
