using System.Text.RegularExpressions;
using CodeFirstBpf.KernelTests.Differential;
using CodeFirstBpf.KernelTests.Frames;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Bench;

/// <summary>
/// BPF code quality: for every C# program with a C twin, xlated instructions, JIT bytes,
/// verifier-processed instructions and ns/run (BPF_PROG_TEST_RUN, median of interleaved rounds on
/// the frame on which C# and its twins together take longest, after every variant has seen the base frames once),
/// C# against clang, all measured in this run.
/// </summary>
internal static partial class CodeQuality
{
    private static readonly BpfLoadOptions s_stats = new() { VerifierLogLevel = 4 };

    /// <summary>Loads of each object timed (see the timing loop).</summary>
    private const int Loads = 3;

    [GeneratedRegex(@"processed (\d+) insns")]
    private static partial Regex Processed();

    private sealed record Variant(string Label, BpfObject Object, BpfProgram Program)
    {
        public double Run(byte[] frame, int repeat) => Program switch
        {
            XdpProgram x => x.TestRun(frame, repeat).DurationNanoseconds,
            TcProgram t => t.TestRun(frame, repeat).DurationNanoseconds,
            SocketFilterProgram f => f.TestRun(frame, repeat).DurationNanoseconds,
            CgroupSkbProgram c => c.TestRun(frame, repeat).DurationNanoseconds,
            _ => throw new InvalidOperationException($"the bench has no test run for {Program.GetType().Name}"),
        };

        public long Insns => Bpftool.Sizes(Program.Id).Xlated / 8;
        public long Jited => Bpftool.Sizes(Program.Id).Jited;
        public long ProcessedInsns => Processed().Match(Program.VerifierLog) is { Success: true } m ? long.Parse(m.Groups[1].Value) : -1;
    }

    public static Table Run(IReadOnlyList<string> clangs, int repeat, int rounds, IReadOnlyCollection<string>? only = null)
    {
        var columns = new List<string> { "program", "insns C#" };
        foreach (var c in clangs) columns.AddRange(new[] { "insns " + c, "ratio" });
        columns.AddRange(new[] { "JIT B C#" });
        foreach (var c in clangs) columns.AddRange(new[] { "JIT " + c });
        columns.Add("processed C#");
        foreach (var c in clangs) columns.Add("processed " + c);
        columns.Add("ns/run C#");
        foreach (var c in clangs) columns.AddRange(new[] { "ns/run " + c, "ratio" });
        // The noise: the last clang's object loaded a second time, timed in the same rounds (A/A).
        string reference = clangs[^1];
        columns.AddRange(new[] { "ns/run " + reference + " again", "A/A" });
        columns.Add("frame");
        var table = new Table("BPF code quality (C# vs clang -O2 -mcpu=v3)", columns.ToArray());
        var frames = BaseFrames.All().Select(f => (f.Name, Bytes: f.Packet.ToArray())).ToList();
        int count = clangs.Count + 1;
        long[] insns = new long[count], jited = new long[count], processed = new long[count];
        double noise = 0;
        var ratios = new List<(string Name, double Ratio, double Difference)>();
        foreach (var pair in ProgramPair.All.Where(p => only == null || only.Contains(p.Name)))
        {
            // Each object is loaded Loads times and every load is timed: where the JIT puts a program
            // moves its time by up to ~15% from one load to the next (PointerWalk: 112-131 ns for one
            // object), so one load per variant measured placement as much as code.
            var objects = new List<List<Variant>>();
            try
            {
                var labels = new List<(string Label, Func<BpfObject> Load)> { ("C#", () => BpfObject.Load(ElfOf(pair.ProgramClass), pair.Name, s_stats)) };
                foreach (var clang in clangs)
                    labels.Add((clang, () => BpfObject.Load(ClangTwin.Compile(pair.CTwinSource, clang), "c_" + pair.Name, s_stats)));
                labels.Add((reference + " again", () => BpfObject.Load(ClangTwin.Compile(pair.CTwinSource, reference), "c2_" + pair.Name, s_stats)));
                foreach (var (label, load) in labels)
                {
                    var group = new List<Variant>();
                    objects.Add(group);
                    for (int l = 0; l < Loads; l++) group.Add(Load(label, load(), pair));
                }
                var variants = objects.Take(count).Select(g => g[0]).ToList();
                // Every load sees the base frames once, in order, before timing: the large programs'
                // control frames fill their tables, so all of them time the same state.
                foreach (var v in objects.SelectMany(g => g))
                    foreach (var f in frames) TryRun(v, f.Bytes, 1);
                // The frame on which the programs work longest (C# and its twins summed) is where code
                // quality shows. Chosen by the C# time alone, a frame whose time varies between loads
                // for every object (L4Balancer's ring fill: 60-210 ns for either, by map placement)
                // was picked exactly when the C# object's load was the unlucky one.
                var frame = frames.OrderByDescending(f => variants.Sum(v => Math.Max(0, TryRun(v, f.Bytes)))).ThenBy(f => f.Name, StringComparer.Ordinal).First();
                var samples = objects.Select(_ => new List<double>()).ToList();
                for (int r = 0; r < rounds; r++)
                    for (int l = 0; l < Loads; l++)
                        for (int v = 0; v < objects.Count; v++)
                            samples[v].Add(objects[v][l].Run(frame.Bytes, repeat));
                double[] ns = samples.Select(Median).ToArray();
                var row = new List<object> { pair.Name, variants[0].Insns };
                for (int i = 1; i < variants.Count; i++) row.AddRange(new object[] { variants[i].Insns, Ratio(variants[0].Insns, variants[i].Insns) });
                row.Add(variants[0].Jited);
                for (int i = 1; i < variants.Count; i++) row.Add(variants[i].Jited);
                foreach (var v in variants) row.Add(v.ProcessedInsns);
                row.Add(ns[0]);
                for (int i = 1; i < variants.Count; i++) row.AddRange(new object[] { ns[i], Ratio(ns[0], ns[i]) });
                double aa = ns[^1] / ns[^2], csharp = ns[0] / ns[^2];
                row.AddRange(new object[] { ns[^1], Ratio(ns[^1], ns[^2]) });
                noise = Math.Max(noise, Math.Abs(aa - 1));
                ratios.Add((pair.Name, csharp, ns[0] - ns[^2]));
                row.Add(frame.Name);
                table.Add(row.ToArray());
                for (int i = 0; i < variants.Count; i++)
                {
                    insns[i] += variants[i].Insns;
                    jited[i] += variants[i].Jited;
                    processed[i] += variants[i].ProcessedInsns;
                }
            }
            finally
            {
                foreach (var v in objects.SelectMany(g => g)) v.Object.Dispose();
            }
        }
        table.Add(Totals(insns, jited, processed));
        // A C# ratio is "equal within noise" when the same object loaded again differs as much.
        // BPF_PROG_TEST_RUN reports whole nanoseconds: a difference of 1 ns is its resolution.
        var beyond = ratios.Where(o => Math.Abs(o.Ratio - 1) > noise && Math.Abs(o.Difference) > 1).Select(o => $"{o.Name} {o.Ratio:F2}").ToList();
        table.Notes.Add($"Noise of ns/run in this run: {reference}'s object loaded again ({Loads} more loads) differs from its first {Loads} by up to {noise * 100:F0}% (A/A column, the largest over the programs), and the kernel reports whole nanoseconds. "
            + (beyond.Count == 0 ? $"Every C# / {reference} ns/run ratio is within it." : $"C# / {reference} ns/run ratios beyond it: {string.Join(", ", beyond)}."));
        return table;
    }

    /// <summary>The sums over the programs measured, with the instruction ratios (ns/run is per frame, not summed).</summary>
    private static object[] Totals(long[] insns, long[] jited, long[] processed)
    {
        var row = new List<object> { "**total**", insns[0] };
        for (int i = 1; i < insns.Length; i++) row.AddRange(new object[] { insns[i], Ratio(insns[0], insns[i]) });
        row.AddRange(jited.Cast<object>());
        row.AddRange(processed.Cast<object>());
        row.Add("-");
        for (int i = 1; i < insns.Length; i++) row.AddRange(new object[] { "-", "-" });
        row.AddRange(new object[] { "-", "-", "-" });
        return row.ToArray();
    }

    /// <summary>The embedded object of a program class, by reflection on the generated ElfBytes.</summary>
    internal static byte[] ElfOf(Type type)
    {
        var getter = type.GetProperty("ElfBytes")!.GetGetMethod()!;
        var span = (ReadOnlySpanGetter)Delegate.CreateDelegate(typeof(ReadOnlySpanGetter), getter);
        return span().ToArray();
    }

    private delegate ReadOnlySpan<byte> ReadOnlySpanGetter();

    /// <summary>ns/run, or -1 for a frame the kernel refuses for this program type (TC needs full IP headers).</summary>
    private static double TryRun(Variant v, byte[] frame, int repeat = 2000)
    {
        try
        {
            return v.Run(frame, repeat);
        }
        catch (BpfException)
        {
            return -1;
        }
    }

    private static Variant Load(string label, BpfObject obj, ProgramPair pair)
        => new(label, obj, pair.Kind switch
        {
            ProgramKind.Xdp => obj.GetXdpProgram(pair.Program),
            ProgramKind.Tc => obj.GetTcProgram(pair.Program),
            _ => obj.GetProgram(pair.Program),
        });

    private static double Median(List<double> xs)
    {
        var s = xs.OrderBy(x => x).ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    internal static string Ratio(double a, double b) => b == 0 ? "-" : (a / b).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
}
