using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

public sealed class HashMapTests
{
    [SkippableFact]
    public void Enumeration_sees_every_entry_once()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        var map = new HashMap<FlowKey, FlowStats>(obj, "hash_in");
        var expected = Enumerable.Range(1, 100).ToDictionary(i => new FlowKey((uint)i, (ushort)(i * 3), 6), i => new FlowStats((ulong)i, (ulong)i * 64));
        foreach (var (key, value) in expected)
            map[key] = value;

        var seen = new Dictionary<FlowKey, FlowStats>();
        foreach (KeyValuePair<FlowKey, FlowStats> entry in map)
            seen.Add(entry.Key, entry.Value);

        Assert.Equal(expected.OrderBy(e => e.Key.Address), seen.OrderBy(e => e.Key.Address));
        Assert.Equal(expected.Keys.OrderBy(k => k.Address), map.Keys.ToList().OrderBy(k => k.Address));
        Assert.Equal(100, map.Count());
    }

    [SkippableFact]
    public void Update_flags_remove_and_clear_behave_like_the_kernel()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        var map = new LruHashMap<ulong, ulong>(obj, "lru_in");

        Assert.False(map.Update(1, 10, MapUpdate.Exist));
        Assert.True(map.Update(1, 10, MapUpdate.NoExist));
        Assert.False(map.TryAdd(1, 11));
        Assert.True(map.Update(1, 12, MapUpdate.Exist));
        Assert.Equal(12ul, map[1]);
        Assert.True(map.Remove(1, out ulong removed));
        Assert.Equal(12ul, removed);
        Assert.False(map.Remove(1));
        Assert.Throws<KeyNotFoundException>(() => map[1]);

        for (ulong i = 0; i < 50; i++)
            map[i] = i;
        Assert.True(map.ContainsKey(49));
        map.Clear();
        Assert.Empty(map);
        Assert.Empty(map.Keys);
    }

    [SkippableFact]
    public void A_full_hash_map_says_so()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        var map = new HashMap<FlowKey, FlowStats>(obj, "hash_out");
        for (uint i = 0; i < map.MaxEntries; i++)
            map[new FlowKey(i, 0, 0)] = default;

        var error = Assert.Throws<BpfException>(() => map[new FlowKey(999, 0, 0)] = default);
        Assert.Equal("Map 'hash_out' is full (128 entries): remove entries first, or declare it with more entries or as an LRU map.", error.Message);
        Assert.Equal(7, error.Errno);
    }

    [SkippableFact]
    public void Per_cpu_hash_maps_enumerate_keys_and_values()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        var map = new PerCpuHashMap<uint, uint>(obj, "percpu_hash_in");
        for (uint key = 0; key < 10; key++)
            map.Update(key, key * 2);

        Dictionary<uint, uint[]> entries = map.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal(10, entries.Count);
        Assert.All(entries, e => Assert.All(e.Value, v => Assert.Equal(e.Key * 2, v)));
        Assert.Equal(Cpus.Possible * 18u, map.Sum(9u));
        Assert.True(map.Remove(3));
        Assert.False(map.ContainsKey(3));
        Assert.Equal(9, map.Count());
        map.Clear();
        Assert.Equal(0, map.Count());
    }

    [SkippableFact]
    public void Raw_dump_returns_per_cpu_values_padded_to_8_bytes()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        var map = new PerCpuHashMap<uint, uint>(obj, "percpu_hash_in");
        map.Update(7, 0xabcdef01);

        var (key, value) = Assert.Single(map.Handle.DumpRaw());
        Assert.Equal(new byte[] { 7, 0, 0, 0 }, key);
        Assert.Equal(8 * Cpus.Possible, value.Length);
        for (int cpu = 0; cpu < Cpus.Possible; cpu++)
            Assert.Equal(new byte[] { 0x01, 0xef, 0xcd, 0xab, 0, 0, 0, 0 }, value[(cpu * 8)..(cpu * 8 + 8)]);

        var array = obj.GetMap("array_in");
        Assert.Equal(4, array.DumpRaw().Count());
        Assert.True(array.Update([1, 0, 0, 0], [5, 0, 0, 0, 0, 0, 0, 0]));
        byte[] raw = new byte[8];
        Assert.True(array.TryLookup([1, 0, 0, 0], raw));
        Assert.Equal(5, raw[0]);
    }

    [SkippableFact]
    public void Typed_maps_check_the_map_type_and_sizes()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");

        var value = Assert.Throws<BpfException>(() => new ArrayMap<uint>(obj, "array_in"));
        Assert.Equal("Map 'array_in' has 8-byte values, but UInt32 is 4 bytes: declare the value type the map was built with.", value.Message);
        var key = Assert.Throws<BpfException>(() => new HashMap<uint, FlowStats>(obj, "hash_in"));
        Assert.Equal("Map 'hash_in' has 8-byte keys, but UInt32 is 4 bytes: declare the key type the map was built with.", key.Message);
        var type = Assert.Throws<BpfException>(() => new HashMap<ulong, ulong>(obj, "lru_in"));
        Assert.Equal("Map 'lru_in' is a LruHash map, so it cannot be opened as HashMap<TKey, TValue>: use LruHashMap<TKey, TValue>.", type.Message);
        Assert.Throws<BpfException>(() => new PerCpuArrayMap<ulong>(obj, "array_in"));
        Assert.Throws<BpfException>(() => new PerCpuHashMap<uint, ulong>(obj, "percpu_hash_in"));
    }
}
