using System;
using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

public sealed class BatchTests
{
    [SkippableFact]
    public void Batches_update_read_and_delete_many_entries_per_call()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        var map = new HashMap<FlowKey, FlowStats>(obj, "hash_in");
        FlowKey[] keys = Enumerable.Range(0, 100).Select(i => new FlowKey((uint)i, 1, 6)).ToArray();
        FlowStats[] values = keys.Select(k => new FlowStats(k.Address, k.Address * 10)).ToArray();

        Assert.Equal(100, map.UpdateBatch(keys, values));
        Assert.Equal(100, map.Count());

        var read = new Dictionary<FlowKey, FlowStats>();
        var cursor = new BpfMapBatchCursor();
        Span<FlowKey> keyBuffer = new FlowKey[32];
        Span<FlowStats> valueBuffer = new FlowStats[32];
        int calls = 0;
        while (!cursor.IsComplete)
        {
            int count = map.LookupBatch(ref cursor, keyBuffer, valueBuffer);
            for (int i = 0; i < count; i++)
                read.Add(keyBuffer[i], valueBuffer[i]);
            calls++;
        }
        Assert.Equal(100, read.Count);
        Assert.All(read, e => Assert.Equal(new FlowStats(e.Key.Address, e.Key.Address * 10), e.Value));
        Assert.InRange(calls, 4, 20);
        Assert.Equal(0, map.LookupBatch(ref cursor, keyBuffer, valueBuffer));

        Assert.Equal(40, map.DeleteBatch(keys.AsSpan(0, 40)));
        Assert.Equal(60, map.Count());
        Assert.Equal(0, map.DeleteBatch(keys.AsSpan(0, 1)));

        var drained = 0;
        var drain = new BpfMapBatchCursor();
        while (!drain.IsComplete)
            drained += map.LookupAndDeleteBatch(ref drain, keyBuffer, valueBuffer);
        Assert.Equal(60, drained);
        Assert.Empty(map);
    }

    [SkippableFact]
    public void Batch_updates_replace_entries_and_report_a_full_map()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("maps");
        var map = new HashMap<FlowKey, FlowStats>(obj, "hash_out");
        FlowKey[] keys = Enumerable.Range(0, 129).Select(i => new FlowKey((uint)i, 2, 17)).ToArray();
        var values = new FlowStats[129];

        Assert.Equal(10, map.UpdateBatch(keys.AsSpan(0, 10), values.AsSpan(0, 10)));
        values[3] = new FlowStats(33, 333);
        Assert.Equal(10, map.UpdateBatch(keys.AsSpan(0, 10), values.AsSpan(0, 10)));
        Assert.Equal(new FlowStats(33, 333), map[keys[3]]);
        Assert.Equal(10, map.Count());
        var full = Assert.Throws<BpfException>(() => map.UpdateBatch(keys, values));
        Assert.Contains("is full (128 entries)", full.Message);
        Assert.Throws<ArgumentException>(() => map.UpdateBatch(keys.AsSpan(0, 2), values.AsSpan(0, 1)));
    }
}
