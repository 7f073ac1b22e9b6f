using System.Diagnostics;
using System.Reflection;

namespace CodeFirstBpf.Bench;

/// <summary>
/// What the generator costs a build: `dotnet build` of a project with 1 and 20 program classes —
/// cold, no-op, and after editing one BPF method — against the same project with the generator
/// disabled; the LLVM step alone; and clang compiling the equivalent C as the reference.
/// </summary>
internal static class BuildCost
{
    /// <summary>The sample's program, renamed per class; the edit changes one constant in its method.</summary>
    private static string Template(string repo) => File.ReadAllText(Path.Combine(repo, "samples/IcmpFilter/IcmpFilter.cs"))
        .Replace("namespace IcmpFilterSample;", string.Empty)
        .Replace("partial class IcmpFilter", "partial class Filter__N__")
        .Replace("ip->Protocol != IpProtocol.Icmp)", "ip->Protocol != IpProtocol.Icmp + __EDIT__)");

    public static Table Run(string repo, string clang, string cTwinDir)
    {
        var table = new Table("Build cost (seconds, dotnet build -c Release --no-restore, median of 3; generator time as csc reports it with ReportAnalyzer)",
            "classes", "variant", "cold", "no-op", "edit one method", "generator in edit build (fresh csc)", "generator in edit build (compiler server)", "LLVM step alone", "clang (C twins)");
        foreach (int n in new[] { 1, 20 })
        {
            foreach (bool generator in new[] { true, false })
            {
                string dir = Scaffold(repo, n, generator);
                try
                {
                    Dotnet($"restore \"{dir}\"");
                    var cold = new List<double>();
                    var noop = new List<double>();
                    var edit = new List<double>();
                    for (int i = 0; i < 3; i++)
                    {
                        Clean(dir);
                        cold.Add(Time(() => Dotnet($"build \"{dir}\" -c Release --no-restore -nologo -v q")));
                        noop.Add(Time(() => Dotnet($"build \"{dir}\" -c Release --no-restore -nologo -v q")));
                        string file = Path.Combine(dir, "Filter0.cs");
                        File.WriteAllText(file, File.ReadAllText(file).Replace("IpProtocol.Icmp + " + i, "IpProtocol.Icmp + " + (i + 1)));
                        edit.Add(Time(() => Dotnet($"build \"{dir}\" -c Release --no-restore -nologo -v q")));
                    }
                    string llvm = generator ? LlvmAlone(repo, dir).ToString("F3") : "-";
                    string c = generator ? Time(() => { for (int i = 0; i < n; i++) Clang(clang, cTwinDir); }).ToString("F3") : "-";
                    string fresh = generator ? GeneratorTime(dir, 3, sharedCompilation: false) : "-";
                    string server = generator ? GeneratorTime(dir, 4, sharedCompilation: true) : "-";
                    table.Add(n, generator ? "generator" : "no generator", Median(cold), Median(noop), Median(edit), fresh, server, llvm, c);
                }
                finally
                {
                    Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
                }
            }
        }
        return table;
    }

    /// <summary>
    /// The generator's own time in a build after editing one BPF method, as csc measures it. This
    /// machine sets UseSharedCompilation=false, so every csc is a fresh process that JITs the
    /// generator; with the compiler server (the default elsewhere) the generator stays warm.
    /// </summary>
    private static string GeneratorTime(string dir, int edit, bool sharedCompilation)
    {
        string file = Path.Combine(dir, "Filter0.cs");
        string server = sharedCompilation ? "true" : "false";
        void Edit(int value) => File.WriteAllText(file, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(file), @"IpProtocol\.Icmp \+ \d+", "IpProtocol.Icmp + " + value));
        if (sharedCompilation)
        {
            // Start the server and let it run the generator once (an edit, so csc really runs).
            Edit(edit + 100);
            Processes.Run("dotnet", $"build \"{dir}\" -c Release --no-restore -nologo -v q -p:UseSharedCompilation=true");
        }
        Edit(edit);
        string log = Processes.Run("dotnet", $"build \"{dir}\" -c Release --no-restore -nologo -v d -p:ReportAnalyzer=true -p:UseSharedCompilation={server}").Stdout;
        if (sharedCompilation) Processes.Run("dotnet", "build-server shutdown");
        var m = System.Text.RegularExpressions.Regex.Match(log, @"Total generator execution time: ([0-9.]+) seconds");
        return m.Success ? m.Groups[1].Value : "?";
    }

    private static string Scaffold(string repo, int n, bool generator)
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory("cfb-buildcost-").FullName, "Bench" + n);
        Directory.CreateDirectory(dir);
        string analyzer = generator
            ? $"<ProjectReference Include=\"{repo}/Generator/CodeFirstBpf.Generator.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />"
            : string.Empty;
        File.WriteAllText(Path.Combine(dir, "Bench.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{repo}/build/CodeFirstBpf.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <BpfEmitIntermediates>true</BpfEmitIntermediates>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{repo}/Dataplane/CodeFirstBpf.Dataplane.csproj" />
                <ProjectReference Include="{repo}/Runtime/CodeFirstBpf.Runtime.csproj" />
                {analyzer}
              </ItemGroup>
              <Import Project="{repo}/build/CodeFirstBpf.targets" />
            </Project>
            """);
        for (int i = 0; i < n; i++)
            File.WriteAllText(Path.Combine(dir, $"Filter{i}.cs"), Template(repo).Replace("__N__", i.ToString()).Replace("__EDIT__", "0"));
        return dir;
    }

    private static void Clean(string dir)
    {
        foreach (string sub in new[] { "bin", "obj/Release" })
        {
            string p = Path.Combine(dir, sub);
            if (Directory.Exists(p)) Directory.Delete(p, recursive: true);
        }
    }

    /// <summary>IR text → ELF for every class of the project, through the generator's own back end.</summary>
    private static double LlvmAlone(string repo, string dir)
    {
        var compile = Backend(repo).GetMethod("Compile", BindingFlags.Public | BindingFlags.Static)!;
        var irs = Directory.GetFiles(Path.Combine(dir, "bin/Release/net10.0/bpf"), "*.ll").Select(File.ReadAllText).ToList();
        compile.Invoke(null, new object?[] { irs[0], "v3", null }); // dlopen + target init happen once per compiler process
        return Time(() => { foreach (var ir in irs) compile.Invoke(null, new object?[] { ir, "v3", null }); });
    }

    /// <summary>The generator's internal LLVM back end, by reflection: the bench times it without Roslyn around it.</summary>
    internal static Type Backend(string repo)
    {
        string dll = Path.Combine(repo, "Generator/bin/Release/netstandard2.0/CodeFirstBpf.Generator.dll");
        if (!File.Exists(dll)) dll = Path.Combine(repo, "Generator/bin/Debug/netstandard2.0/CodeFirstBpf.Generator.dll");
        return Assembly.LoadFrom(dll).GetType("CodeFirstBpf.Generator.Backends.LlvmBackend", throwOnError: true)!;
    }

    /// <summary>
    /// Which libLLVM the generator uses, for RESULTS.md: the back end's own Describe when it has
    /// one (it was removed from the generator once, and the report must not die of it), otherwise
    /// the newest LLVM installed, which is the one the generator's probe picks first.
    /// </summary>
    internal static string LlvmDescription(string repo)
    {
        if (Backend(repo).GetMethod("Describe", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) is { } describe)
            return describe.Invoke(null, new object?[] { null })?.ToString() ?? "?";
        string? newest = Directory.Exists("/usr/lib")
            ? Directory.GetDirectories("/usr/lib", "llvm-*")
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d)["llvm-".Length..], out int v) ? v : 0))
                .Where(d => Directory.Exists(Path.Combine(d.Dir, "lib")) && Directory.GetFiles(Path.Combine(d.Dir, "lib"), "libLLVM*.so*").Length > 0)
                .OrderByDescending(d => d.Version).Select(d => d.Dir).FirstOrDefault()
            : null;
        return newest is null ? "no libLLVM found" : $"newest installed: {newest}";
    }

    private static void Clang(string clang, string cTwinDir)
    {
        string output = Path.Combine(Path.GetTempPath(), $"cfb-bench-{Environment.ProcessId}.o");
        // The shared command, run directly: ClangTwin.Compile caches, and this is a timing.
        Processes.Ok(clang, ClangTwin.Arguments(Path.Combine(cTwinDir, "icmp_filter.c"), output));
        File.Delete(output);
    }

    private static void Dotnet(string args) => Processes.Ok("dotnet", args);

    private static double Time(Action a)
    {
        var sw = Stopwatch.StartNew();
        a();
        return sw.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> xs) => xs.OrderBy(x => x).ElementAt(xs.Count / 2);
}
