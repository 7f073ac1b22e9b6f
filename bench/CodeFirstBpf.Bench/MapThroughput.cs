using System.Diagnostics;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Bench;

/// <summary>
/// Userspace map throughput: our typed accessors against C using libbpf directly on maps of the
/// same shape (hash of 1M u32→u64, per-CPU array Sum), per key and batched, with managed bytes
/// allocated per operation.
/// </summary>
internal static class MapThroughput
{
    private const int N = 1_000_000;
    private const int Chunk = 8192;

    public static Table Run(string cBinary)
    {
        var c = RunC(cBinary);
        var table = new Table("Userspace map throughput (ops/s; C = libbpf from C, same run)", "operation", "C# ops/s", "C ops/s", "ratio", "C# bytes allocated/op");
        using var maps = BenchMaps.Load();
        var hash = maps.Maps.Hash;
        var perCpu = maps.Maps.PerCpu;
        uint[] keys = Enumerable.Range(0, N).Select(i => (uint)i).ToArray();
        ulong[] values = keys.Select(k => (ulong)k).ToArray();

        Measure(table, c, "hash-update", () => { for (int i = 0; i < N; i++) hash.Update(keys[i], values[i]); });
        ulong sink = 0;
        Measure(table, c, "hash-lookup", () => { for (int i = 0; i < N; i++) { hash.TryGetValue(keys[i], out ulong v); sink += v; } });
        Measure(table, c, "hash-update-batch", () => { for (int i = 0; i < N; i += Chunk) hash.UpdateBatch(keys.AsSpan(i, Math.Min(Chunk, N - i)), values.AsSpan(i, Math.Min(Chunk, N - i))); });
        var k = new uint[Chunk];
        var v = new ulong[Chunk];
        Measure(table, c, "hash-lookup-batch", () =>
        {
            var cursor = new BpfMapBatchCursor();
            int total = 0;
            while (true)
            {
                int got = hash.LookupBatch(ref cursor, k, v);
                total += got;
                if (got == 0 || cursor.IsComplete) break;
            }
            sink += (ulong)total;
        });
        Measure(table, c, "percpu-sum", () => { for (int i = 0; i < N; i++) sink += perCpu.Sum(0); });
        GC.KeepAlive(sink);
        return table;
    }

    private static void Measure(Table table, Dictionary<string, double> c, string name, Action body)
    {
        body(); // warm up: JIT, page-in, map already populated
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        body();
        sw.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        double ops = N / sw.Elapsed.TotalSeconds;
        c.TryGetValue(name, out double cops);
        table.Add(name, ops, cops, CodeQuality.Ratio(ops, cops), ((double)allocated / N).ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Dictionary<string, double> RunC(string binary)
        => Processes.Ok(binary).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
}
