using System.Collections.Concurrent;
using CodeFirstBpf.Semantics.Tests.Harness;
using CsCheck;

namespace CodeFirstBpf.Semantics.Tests.Generative;

/// <summary>
/// Random programs over the supported subset (<see cref="ProgramGen"/>), built by the harness,
/// loaded, and run kernel-vs-.NET over random frames; any difference, rejection or crash fails
/// with CsCheck's shrunk program printed. Programs are built five to a compilation (five program
/// classes in one snippet) to keep Roslyn and LLVM time down. <c>CFB_GENERATIVE_CASES</c> sets
/// the number of programs (default 25), <c>CFB_GENERATIVE_SEED</c> the CsCheck seed.
/// </summary>
public class GenerativeTests
{
    private const int Batch = 5;
    private const string DefaultSeed = "cfbSemantic0";

    private static readonly IReadOnlyList<byte[]> s_frames = Frames.Random(120, seed: 1234, minLength: 64)
        .Concat(Frames.Random(20, seed: 99, minLength: 14)).Concat(Frames.Xdp.Skip(240)).ToArray();

    private readonly ITestOutputHelper _output;

    public GenerativeTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public void Random_programs_agree_with_dotnet()
    {
        Kernel.Require();
        int cases = int.TryParse(Environment.GetEnvironmentVariable("CFB_GENERATIVE_CASES"), out int n) && n > 0 ? n : 25;
        string seed = Environment.GetEnvironmentVariable("CFB_GENERATIVE_SEED") is { Length: > 0 } s ? s : DefaultSeed;
        int iterations = (cases + Batch - 1) / Batch;
        _output.WriteLine($"seed {seed}, {iterations * Batch} programs in {iterations} compilations of {Batch} (CFB_GENERATIVE_CASES={cases}, CFB_GENERATIVE_SEED to change)");

        var failures = new ConcurrentDictionary<string, string>();
        var gens = Enumerable.Range(0, Batch).Select(i => ProgramGen.Program("P" + i)).ToArray();
        var gen = Gen.Select(gens[0], gens[1], gens[2], gens[3], gens[4], (a, b, c, d, e) => new[] { a, b, c, d, e });
        try
        {
            gen.Sample(programs =>
            {
                string source = string.Join("\n\n", programs);
                string? failure = Check(source);
                if (failure != null) failures[source] = failure;
                return failure == null;
            }, seed: seed, iter: iterations, threads: 1, print: programs =>
            {
                string source = string.Join("\n\n", programs);
                string shown = failures.TryGetValue(source, out var why)
                    ? string.Join("\n\n", programs.Where((_, i) => why.Contains($"P{i}:", StringComparison.Ordinal)).DefaultIfEmpty(source))
                    : source;
                // What differs first: CsCheck may cut a long message short.
                return "\n--- what differs ---\n" + (failures.TryGetValue(source, out var f) ? f : "(not recorded)") + "\n--- the program(s) ---\n" + shown;
            });
        }
        catch (CsCheckException e)
        {
            _output.WriteLine(e.Message);
            Assert.Fail($"A random program disagrees (seed {seed}; rerun with CFB_GENERATIVE_SEED to reproduce; the shrunk case follows):\n{e.Message}");
        }
    }

    /// <summary>Null when every program of the snippet builds, loads and agrees; else what went wrong.</summary>
    private static string? Check(string source)
    {
        using var snippet = SnippetCompiler.Compile(source);
        if (snippet.Errors.Any())
        {
            bool ours = snippet.Errors.All(d => d.Id.StartsWith("CS", StringComparison.Ordinal) && d.InSnippet);
            return (ours ? "the test's program generator made invalid C# (a harness bug):\n" : "not built:\n") + snippet.DescribeDiagnostics();
        }
        var problems = new List<string>();
        for (int i = 0; i < Batch; i++)
        {
            var run = snippet.Run(s_frames, "P" + i);
            if (!run.Agrees) problems.Add($"P{i}: {run}");
        }
        return problems.Count == 0 ? null : string.Join("\n", problems);
    }
}
