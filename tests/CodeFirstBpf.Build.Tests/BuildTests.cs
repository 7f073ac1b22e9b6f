using System.Runtime.CompilerServices;
using Xunit;

namespace CodeFirstBpf.Build.Tests;

/// <summary>
/// Real `dotnet build`s of small user projects: build-time verification reports a rejection at the
/// C# line, and the same source built in two directories gives byte-identical objects.
/// </summary>
[Collection(RepositoryBuilds.Name)]
public sealed class BuildTests : IDisposable
{
    internal static readonly string s_repo = Path.GetFullPath(Path.Combine(Here(), "../.."));
    private readonly List<string> _dirs = new();

    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    internal const string GoodProgram = """
        using CodeFirstBpf;
        using CodeFirstBpf.Net;
        public static unsafe partial class Good
        {
            static readonly ArrayMap<ulong> Seen = new(1);
            [Xdp]
            public static XdpAction Count(XdpContext ctx)
            {
                ulong* n = Seen.Lookup(0);
                if (n != null) (*n)++;
                var eth = (EthernetHeader*)ctx.Data;
                if (eth + 1 > ctx.DataEnd) return XdpAction.Pass;
                return eth->EtherType == ByteOrder.Htons(EtherType.Arp) ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """;

    /// <summary>Outside the subset (BPF1002 at line 7) and unchecked packet access (BPF3001 at line 8).</summary>
    internal const string SubsetProgram = """
        using CodeFirstBpf;
        public static unsafe partial class Subset
        {
            [Xdp]
            public static XdpAction Peek(XdpContext ctx)
            {
                object boxed = new object();
                return *ctx.Data == 1 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """;

    internal const string BadProgram = """
        using CodeFirstBpf;
        using CodeFirstBpf.Net;
        public static unsafe partial class Bad
        {
            [Xdp]
            public static XdpAction Peek(XdpContext ctx)
            {
                var eth = (EthernetHeader*)ctx.Data;
                return eth->EtherType == 8 ? XdpAction.Drop : XdpAction.Pass;
            }
        }
        """;

    private string Project(string name, string source, string extraProperties = "")
    {
        string dir = Path.Combine(Path.GetTempPath(), "cfb-build-" + Guid.NewGuid().ToString("N")[..8], name);
        Directory.CreateDirectory(dir);
        _dirs.Add(Path.GetDirectoryName(dir)!);
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{s_repo}/build/CodeFirstBpf.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <BpfEmitIntermediates>true</BpfEmitIntermediates>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{s_repo}/Dataplane/CodeFirstBpf.Dataplane.csproj" />
                <ProjectReference Include="{s_repo}/Runtime/CodeFirstBpf.Runtime.csproj" />
                <ProjectReference Include="{s_repo}/Generator/CodeFirstBpf.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
              <Import Project="{s_repo}/build/CodeFirstBpf.targets" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, name + ".cs"), source);
        // The bad program is wrong on purpose, for the kernel to reject: the analyzer rule that
        // would stop it at build time is off, as a user would do to see the verifier's verdict.
        File.WriteAllText(Path.Combine(dir, ".editorconfig"), "root = true\n[*.cs]\ndotnet_diagnostic.BPF3001.severity = none\n");
        return dir;
    }

    private static (int Code, string Output) Build(string dir)
        => Processes.Run("dotnet", $"build \"{dir}\" -c Release -nologo -v minimal", TimeSpan.FromMinutes(5)).ToTuple();

    [SkippableFact]
    public void Verify_on_build_reports_a_rejection_at_the_csharp_line()
    {
        Kernel.Require();
        string dir = Project("Bad", BadProgram, "<BpfVerifyOnBuild>true</BpfVerifyOnBuild>");
        var (code, output) = Build(dir);
        Assert.NotEqual(0, code);
        Assert.Contains(Path.Combine(dir, "Bad.cs") + "(9): error BPF4001: The kernel verifier rejected 'Peek'", output);
        Assert.Contains("DataEnd", output);
    }

    [SkippableFact]
    public void Verify_on_build_passes_a_correct_program()
    {
        Kernel.Require();
        string dir = Project("Good", GoodProgram, "<BpfVerifyOnBuild>true</BpfVerifyOnBuild>");
        var (code, output) = Build(dir);
        Assert.True(code == 0, output);
        Assert.Contains("cfbpf: Good: verified 1 program(s)", output);
    }

    [Fact]
    public void Analyzers_run_in_the_build_and_each_error_is_reported_once()
    {
        string dir = Project("Subset", SubsetProgram);
        File.Delete(Path.Combine(dir, ".editorconfig"));
        // The console logger repeats errors; a file logger writes each one as reported.
        string log = Path.Combine(dir, "build.log");
        var (code, output) = Processes.Run("dotnet", $"build \"{dir}\" -c Release -nologo -v q \"-flp:logfile={log};verbosity=quiet\"", TimeSpan.FromMinutes(5));
        Assert.NotEqual(0, code);
        var errors = File.ReadAllLines(log).Where(l => l.Contains(": error BPF")).ToList();
        Assert.Single(errors, l => l.Contains("Subset.cs(7,") && l.Contains("error BPF1002"));
        Assert.Single(errors, l => l.Contains("Subset.cs(8,") && l.Contains("error BPF3001"));
    }

    [Fact]
    public void A_no_op_build_does_not_run_the_generator_or_llvm()
    {
        string dir = Project("Good", GoodProgram);
        var first = Build(dir);
        Assert.True(first.Code == 0, first.Output);
        string obj = Path.Combine(dir, "bin/Release/net10.0/bpf/Good.o");
        DateTime written = File.GetLastWriteTimeUtc(obj);
        Thread.Sleep(1100);
        var second = Build(dir);
        Assert.True(second.Code == 0, second.Output);
        // The object is written by the generator's output step, right after LLVM: untouched means neither ran.
        Assert.Equal(written, File.GetLastWriteTimeUtc(obj));
    }

    [Fact]
    public void Unchanged_programs_come_from_the_object_cache_not_llvm()
    {
        string dir = Project("Good", GoodProgram);
        File.WriteAllText(Path.Combine(dir, "Other.cs"), "public static class Other { public const int X = 1; }");
        var first = Build(dir);
        Assert.True(first.Code == 0, first.Output);
        string cached = Assert.Single(Directory.GetFiles(Path.Combine(dir, "obj/Release/net10.0/bpfcache"), "*.o"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "bin/Release/net10.0/bpf/Good.o")), File.ReadAllBytes(cached));
        // Mark the cached object: if the next build used LLVM the mark would be gone.
        File.AppendAllText(cached, "CACHED");
        File.WriteAllText(Path.Combine(dir, "Other.cs"), "public static class Other { public const int X = 2; }");
        var second = Build(dir);
        Assert.True(second.Code == 0, second.Output);
        Assert.EndsWith("CACHED", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(dir, "bin/Release/net10.0/bpf/Good.o"))));
        // Editing the BPF method changes the IR, so LLVM compiles a new object.
        File.WriteAllText(Path.Combine(dir, "Good.cs"), GoodProgram.Replace("EtherType.Arp", "EtherType.IPv6"));
        var third = Build(dir);
        Assert.True(third.Code == 0, third.Output);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(dir, "obj/Release/net10.0/bpfcache"), "*.o").Length);
        Assert.DoesNotContain("CACHED", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(dir, "bin/Release/net10.0/bpf/Good.o"))));
    }

    [Fact]
    public void Intermediates_follow_an_absolute_output_directory()
    {
        string dir = Project("Good", GoodProgram);
        string output = Path.Combine(Path.GetDirectoryName(dir)!, "out");
        var (code, log) = Processes.Run("dotnet", $"build \"{dir}\" -c Release -nologo -v minimal -o \"{output}\"", TimeSpan.FromMinutes(5));
        Assert.True(code == 0, log);
        Assert.True(File.Exists(Path.Combine(output, "bpf/Good.o")), "no Good.o in " + output + "/bpf: " + log);
        Assert.True(File.Exists(Path.Combine(output, "bpf/Good.ll")));
        // Before, the absolute path was appended to the project directory.
        Assert.False(Directory.Exists(dir + output), dir + output + " was created");
    }

    [Fact]
    public void Same_source_in_two_directories_builds_byte_identical_objects()
    {
        string a = Project("Good", GoodProgram);
        string b = Project("Good", GoodProgram);
        var ra = Build(a);
        Assert.True(ra.Code == 0, ra.Output);
        var rb = Build(b);
        Assert.True(rb.Code == 0, rb.Output);
        byte[] oa = File.ReadAllBytes(Path.Combine(a, "bin/Release/net10.0/bpf/Good.o"));
        byte[] ob = File.ReadAllBytes(Path.Combine(b, "bin/Release/net10.0/bpf/Good.o"));
        Assert.Equal(oa, ob);
        Assert.DoesNotContain(Path.GetTempPath().TrimEnd('/'), System.Text.Encoding.ASCII.GetString(oa));
    }

    [Fact]
    public void Verify_without_privileges_is_one_warning_not_a_failure()
    {
        string dir = Project("Good", GoodProgram);
        var build = Build(dir);
        Assert.True(build.Code == 0, build.Output);
        string objects = Path.Combine(dir, "bin/Release/net10.0/bpf");
        string built = Path.Combine(s_repo, "Cli/bin/Release/net10.0");
        if (!File.Exists(Path.Combine(built, "cfbpf.dll"))) Processes.Ok("dotnet", $"build {s_repo}/Cli/CodeFirstBpf.Cli.csproj -c Release -nologo -v q");
        // 'nobody' may not be able to enter the clone (a clone under /root is mode 700): run a copy of the tool.
        string tool = Path.Combine(Path.GetDirectoryName(dir)!, "cfbpf-tool");
        Processes.Ok("cp", $"-r {built} {tool}");
        Processes.Run("chmod", $"-R a+rX {Path.GetDirectoryName(dir)}");
        string cli = Path.Combine(tool, "cfbpf.dll");
        // As 'nobody', without capabilities: what a build on a developer's unprivileged account sees.
        var (code, output) = Processes.Run("setpriv", $"--reuid=65534 --regid=65534 --clear-groups --inh-caps=-all env DOTNET_CLI_HOME=/tmp dotnet {cli} verify {objects} --project-dir {dir}");
        Assert.True(code == 0, output);
        Assert.Single(output.Split('\n'), l => l.Contains("warning BPF4002"));
        Assert.Contains("CAP_BPF", output);
    }

    [SkippableFact]
    public void The_bench_command_runs_and_writes_its_table()
    {
        // Benchmarks are never pass/fail on numbers: this only checks that the one command works.
        Kernel.Require();
        string output = Path.Combine(Path.GetTempPath(), $"cfb-bench-smoke-{Guid.NewGuid():N}.md");
        try
        {
            var (code, log) = Processes.Run(Path.Combine(s_repo, "bench/run.sh"), $"--only code --programs IcmpFilter --quick --out {output}", TimeSpan.FromMinutes(5));
            Assert.True(code == 0, log);
            string md = File.ReadAllText(output);
            Assert.Contains("| IcmpFilter |", md);
            Assert.Contains("kernel:", md);
        }
        finally
        {
            File.Delete(output);
        }
    }

    public void Dispose()
    {
        foreach (string d in _dirs)
        {
            try { Directory.Delete(d, recursive: true); } catch (IOException) { }
        }
    }
}
