using System.Reflection;
using CodeFirstBpf.Bench;
using CodeFirstBpf.KernelTests.Differential;

// bench/run.sh runs this: code quality, userspace map throughput and build cost, each compared
// with the clang/libbpf reference measured in the same run; prints tables and writes RESULTS.md.
string repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
string output = Arg("--out") ?? Path.Combine(repo, "bench/RESULTS.md");
bool quick = args.Contains("--quick");
string only = Arg("--only") ?? "all";
string[]? programs = Arg("--programs")?.Split(',');

// Code quality compares every installed reference clang; the build-cost reference and the
// kernel tests use the shared default (clang-19 when installed, else clang-14). All use one command.
string defaultClang = ClangTwin.Clang ?? throw new InvalidOperationException("No clang: apt-get install clang-19 or clang-14.");
var clangs = new List<string> { "clang-14", "clang-19" }.Where(Processes.IsInstalled).ToList();
if (!clangs.Contains(defaultClang)) clangs.Add(defaultClang);

var tables = new List<Table>();
if (only is "all" or "code")
{
    var t = CodeQuality.Run(clangs, quick ? 100_000 : 500_000, quick ? 3 : 7, programs);
    t.Print();
    tables.Add(t);
}
if (only is "all" or "maps")
{
    string cBinary = Path.Combine(Path.GetTempPath(), $"cfb-map-bench-{Environment.ProcessId}");
    Processes.Ok("gcc", $"-O2 -Wall {Path.Combine(AppContext.BaseDirectory, "c/map_bench.c")} -o {cBinary} -l:libbpf.so.1");
    try
    {
        var t = MapThroughput.Run(cBinary);
        t.Print();
        tables.Add(t);
    }
    finally
    {
        File.Delete(cBinary);
    }
}
if (only is "all" or "build")
{
    var t = BuildCost.Run(repo, defaultClang, ProgramPair.CTwinDirectory);
    t.Print();
    tables.Add(t);
}

string machine = $"""
    - date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC
    - kernel: {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}
    - CPU: {File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':')[1].Trim()} ({Environment.ProcessorCount} cores)
    - LLVM (generator): {BuildCost.LlvmDescription(repo)}
    - {string.Join("; ", clangs.Select(c => c + ": " + Bpftool.Version(c)))}
    - C twins: `{ClangTwin.Describe("clang")}`; build-cost reference: {defaultClang}
    - libbpf: {Path.GetFileName(new FileInfo("/usr/lib/x86_64-linux-gnu/libbpf.so.1").LinkTarget ?? "libbpf.so.1")}
    - command: `bench/run.sh{(quick ? " --quick" : "")}`
    """;
const string notes = """
    ### Reading the tables

    - Code quality: instructions as the kernel keeps them after verification (xlated), JIT bytes,
      `processed N insns` from the verifier (log level 4), and ns/run as BPF_PROG_TEST_RUN reports
      it: the median of interleaved rounds, on the corpus frame that takes the programs longest (C# and its twins summed).
    - Build cost: this machine sets `UseSharedCompilation=false`, so every csc is a fresh process
      that JITs the generator ("fresh csc"); with the compiler server, the default on a developer
      machine, the generator stays warm ("compiler server"). LLVM runs only for classes whose IR
      changed (object cache under obj/), and a no-op build runs neither generator nor LLVM.
    """;
// bench/dataplane.sh owns its own section (between its markers); a run of this bench keeps it.
string dataplaneSection = "";
if (File.Exists(output))
{
    string previous = File.ReadAllText(output);
    int from = previous.IndexOf("<!-- dataplane-bench -->", StringComparison.Ordinal);
    int to = previous.IndexOf("<!-- /dataplane-bench -->", StringComparison.Ordinal);
    if (from >= 0 && to > from) dataplaneSection = "\n" + previous[from..(to + "<!-- /dataplane-bench -->".Length)] + "\n";
}
File.WriteAllText(output, "# Benchmark results\n\nRatios are C# / reference, measured in the same run; lower is better for instructions and ns, higher for ops/s.\n\n"
    + machine + "\n\n" + string.Join("\n", tables.Select(t => t.Markdown())) + "\n" + notes + dataplaneSection);
Console.WriteLine();
Console.WriteLine("wrote " + output);
return 0;

string? Arg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
