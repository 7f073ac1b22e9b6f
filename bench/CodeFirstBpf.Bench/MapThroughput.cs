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

    /// <summary>Rounds of C then C#; each figure is the median of its rounds (deferred kernel work
    /// after the code-quality section, freeing hundreds of objects, slowed whichever side ran first).</summary>
    private const int Rounds = 3;

    public static Table Run(string cBinary)
    {
        var table = new Table("Userspace map throughput (ops/s; C = libbpf from C, same run)", "operation", "C# ops/s", "C ops/s", "ratio", "C# bytes allocated/op");
        using var maps = BenchMaps.Load();
        var hash = maps.Maps.Hash;
        var perCpu = maps.Maps.PerCpu;
        uint[] keys = Enumerable.Range(0, N).Select(i => (uint)i).ToArray();
        ulong[] values = keys.Select(k => (ulong)k).ToArray();
        ulong sink = 0;
        var k = new uint[Chunk];
        var v = new ulong[Chunk];
        var operations = new (string Name, Action Body)[]
        {
            ("hash-update", () => { for (int i = 0; i < N; i++) hash.Update(keys[i], values[i]); }),
            ("hash-lookup", () => { for (int i = 0; i < N; i++) { hash.TryGetValue(keys[i], out ulong value); sink += value; } }),
            ("hash-update-batch", () => { for (int i = 0; i < N; i += Chunk) hash.UpdateBatch(keys.AsSpan(i, Math.Min(Chunk, N - i)), values.AsSpan(i, Math.Min(Chunk, N - i))); }),
            ("hash-lookup-batch", () =>
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
            }),
            ("percpu-sum", () => { for (int i = 0; i < N; i++) sink += perCpu.Sum(0); }),
        };
        var c = operations.ToDictionary(o => o.Name, _ => new List<double>());
        var csharp = operations.ToDictionary(o => o.Name, _ => new List<double>());
        var allocated = new Dictionary<string, double>();
        for (int r = 0; r < Rounds; r++)
        {
            foreach (var (name, ops) in RunC(cBinary)) if (c.TryGetValue(name, out var list)) list.Add(ops);
            foreach (var (name, body) in operations)
            {
                (double ops, double bytes) = Measure(body);
                csharp[name].Add(ops);
                allocated[name] = Math.Max(allocated.GetValueOrDefault(name), bytes);
            }
        }
        foreach (var (name, _) in operations)
        {
            double ops = Median(csharp[name]), cops = c[name].Count > 0 ? Median(c[name]) : 0;
            table.Add(name, ops, cops, CodeQuality.Ratio(ops, cops), allocated[name].ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
        }
        GC.KeepAlive(sink);
        return table;
    }

    private static double Median(List<double> xs)
    {
        var sorted = xs.OrderBy(x => x).ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>ops/s of one pass after a warm-up pass, and managed bytes allocated per operation.</summary>
    private static (double Ops, double BytesPerOp) Measure(Action body)
    {
        body(); // warm up: JIT, page-in, map already populated
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        body();
        sw.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return (N / sw.Elapsed.TotalSeconds, (double)allocated / N);
    }

    private static Dictionary<string, double> RunC(string binary)
        => Processes.Ok(binary).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
}
