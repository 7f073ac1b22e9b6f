using System.Text.Json;
using Xunit;

namespace CodeFirstBpf.Build.Tests;

/// <summary>
/// What a package user gets from the diagnostics: help links that open the page shipped in the
/// package (read from the compiler's SARIF log, as an IDE reads them), and build-time verification
/// through the cfbpf the package carries, with no tool installed.
/// </summary>
public sealed partial class PackageTests
{
    /// <summary>A project outside the repository that knows only the feed, with the given program and extra properties.</summary>
    private string PackageProject(string name, string source, string properties = "")
    {
        string dir = Path.Combine(_feed.NewDirectory(name + "-" + Guid.NewGuid().ToString("N")[..6]), name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>{properties}</PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CodeFirstBpf" Version="{_feed.Version}" />
                <PackageReference Include="CodeFirstBpf.Runtime" Version="{_feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, name + ".cs"), source);
        return dir;
    }

    /// <summary>The BPF rules of a build's SARIF log: every descriptor of the analyzers, and those the generator reported.</summary>
    private List<JsonElement> BuildAndReadRules(string dir, string properties, params string[] expectedInOutput)
    {
        string sarif = Path.Combine(dir, "build.sarif");
        var build = _feed.Dotnet($"build {dir} -c Release {properties} \"-p:ErrorLog={sarif}%2Cversion=2.1\"");
        Assert.False(build.Succeeded, build.Output);
        foreach (string expected in expectedInOutput)
            Assert.Contains(expected, build.Output);
        using var log = JsonDocument.Parse(File.ReadAllText(sarif));
        return log.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules")
            .EnumerateArray().Where(r => r.GetProperty("id").GetString()!.StartsWith("BPF", StringComparison.Ordinal)).Select(r => r.Clone()).ToList();
    }

    [Fact]
    public void Every_help_link_opens_the_page_shipped_in_the_package()
    {
        string pages = Path.Combine(_feed.Cache, "codefirstbpf", _feed.Version.ToLowerInvariant(), "docs", "diagnostics");
        string Page(string id) => new Uri(Path.Combine(pages, id + ".md")).AbsoluteUri;

        // The analyzers' rules (BPF1002 reported), then the generator's (BPF0004 reported): two assemblies, each finds the pages.
        string subset = PackageProject("Subset", BuildTests.SubsetProgram);
        // csc prints the link after the message, as an IDE shows it.
        var rules = BuildAndReadRules(subset, "", "Subset.cs(7,", "error BPF1002: ", $"value ({Page("BPF1002")})");
        string cpu = PackageProject("Cpu", BuildTests.GoodProgram);
        rules.AddRange(BuildAndReadRules(cpu, "-p:BpfCpu=v9", $"error BPF0004: BpfCpu 'v9' is not one of v1, v2, v3, v4 ({Page("BPF0004")})"));
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "BPF3001");
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "BPF0004");
        foreach (var rule in rules)
        {
            string id = rule.GetProperty("id").GetString()!, title = rule.GetProperty("shortDescription").GetProperty("text").GetString()!;
            var link = new Uri(rule.GetProperty("helpUri").GetString()!);
            Assert.Equal(Page(id), link.AbsoluteUri);
            Assert.Equal($"# {id}: {title}", File.ReadLines(link.LocalPath).First());
        }

        // Every link has the same shape (HelpLinks.For), so every page in the repository must be in the package.
        foreach (string page in Directory.GetFiles(Path.Combine(BuildTests.s_repo, "docs", "diagnostics"), "BPF*.md"))
            Assert.Equal(File.ReadAllText(page), File.ReadAllText(Path.Combine(pages, Path.GetFileName(page))));
    }

    [Fact]
    public void A_shadow_copied_analyzer_finds_the_pages_in_the_package_cache()
    {
        // As an IDE that shadow-copies analyzers loads it: the assembly alone, in a directory of its own.
        _feed.Dotnet($"restore {PackageProject("Restored", BuildTests.GoodProgram)}").EnsureSuccess(); // the package, in the cache
        string package = Path.Combine(_feed.Cache, "codefirstbpf", _feed.Version.ToLowerInvariant());
        string shadow = _feed.NewDirectory("shadow-" + Guid.NewGuid().ToString("N")[..6]);
        string copy = Path.Combine(shadow, "CodeFirstBpf.Generator.dll");
        File.Copy(Path.Combine(package, "analyzers", "dotnet", "cs", "CodeFirstBpf.Generator.dll"), copy);
        string? previous = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        var context = new System.Runtime.Loader.AssemblyLoadContext("shadow-copied analyzer", isCollectible: true);
        try
        {
            Environment.SetEnvironmentVariable("NUGET_PACKAGES", _feed.Cache);
            // HelpLinks uses nothing from Roslyn, so the copy loads and initializes on its own.
            var helpLinks = context.LoadFromAssemblyPath(copy).GetType("CodeFirstBpf.Diagnostics.HelpLinks", throwOnError: true)!;
            string links = (string)helpLinks.GetField("Base", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!.GetValue(null)!;
            Assert.Equal(new Uri(Path.Combine(package, "docs", "diagnostics") + "/").AbsoluteUri, links);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NUGET_PACKAGES", previous);
            context.Unload();
        }
    }

    [SkippableFact]
    public void Verify_on_build_uses_the_cfbpf_in_the_package()
    {
        Kernel.Require();
        string bad = PackageProject("Bad", BuildTests.BadProgram, "<BpfVerifyOnBuild>true</BpfVerifyOnBuild>");
        // Wrong on purpose for the kernel to reject: the analyzer rule that would stop it first is off.
        File.WriteAllText(Path.Combine(bad, ".editorconfig"), "root = true\n[*.cs]\ndotnet_diagnostic.BPF3001.severity = none\n");
        var rejected = _feed.Dotnet($"build {bad} -c Release");
        Assert.False(rejected.Succeeded, rejected.Output);
        Assert.Contains(Path.Combine(bad, "Bad.cs") + "(9): error BPF4001: The kernel verifier rejected 'Peek'", rejected.Output);
        Assert.DoesNotContain("BPF4003", rejected.Output);

        string good = PackageProject("Good", BuildTests.GoodProgram, "<BpfVerifyOnBuild>true</BpfVerifyOnBuild>");
        var passed = _feed.Dotnet($"build {good} -c Release");
        Assert.True(passed.Succeeded, passed.Output);
        Assert.Contains("cfbpf: Good: verified 1 program(s)", passed.Output);

        // Only a tool that truly is not there is BPF4003, and it says what to do.
        var missing = _feed.Dotnet($"build {good} -c Release -p:CodeFirstBpfCli=/nonexistent/cfbpf.dll");
        Assert.False(missing.Succeeded, missing.Output);
        Assert.Contains("error BPF4003: BpfVerifyOnBuild needs the cfbpf tool, which is not at '/nonexistent/cfbpf.dll': restore the CodeFirstBpf package again", missing.Output);
    }
}
