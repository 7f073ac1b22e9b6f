using Xunit;

namespace CodeFirstBpf.Build.Tests;

/// <summary>
/// The packages as a user gets them: packed into a fresh feed, checked as nuget.org checks them,
/// referenced from a project outside the repository, the tool installed from the feed, and the
/// templates installed, instantiated, built, tested and test-run.
/// </summary>
[Collection(RepositoryBuilds.Name)]
public sealed partial class PackageTests : IClassFixture<LocalFeed>
{
    private readonly LocalFeed _feed;

    public PackageTests(LocalFeed feed) => _feed = feed;

    [SkippableFact]
    public void The_packages_work_from_a_local_feed()
    {
        // A project outside the repository that knows only the feed.
        Kernel.Require();
        string version = _feed.Version, feed = _feed.Feed, root = _feed.Root;
        foreach (string id in new[] { "CodeFirstBpf", "CodeFirstBpf.Runtime", "CodeFirstBpf.Cli" })
            AssertPublishable(Path.Combine(feed, $"{id}.{version}.nupkg"), id, version);
        string app = _feed.NewDirectory("App");
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CodeFirstBpf" Version="{version}" />
                <PackageReference Include="CodeFirstBpf.Runtime" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Good.cs"), BuildTests.GoodProgram);
        File.WriteAllText(Path.Combine(app, "Main.cs"), """
            var frame = new byte[60];
            frame[12] = 0x08; frame[13] = 0x06; // ARP
            using var good = Good.Load();
            System.Console.WriteLine("verdict " + good.Programs.Count.TestRun(frame).Action + " seen " + good.Maps.Seen[0]);
            """);
        var (code, output) = _feed.Dotnet($"run --project {app} -c Release");
        Assert.True(code == 0, output);
        Assert.Contains("verdict Drop seen 1", output);

        // The tool from the same feed, run on the app the packages built.
        string tools = Path.Combine(root, "tools");
        _feed.Dotnet($"tool install CodeFirstBpf.Cli --version {version} --tool-path {tools} --add-source {feed}").EnsureSuccess();
        string listed = Processes.Ok(Path.Combine(tools, "cfbpf"), $"list {Path.Combine(app, "bin/Release/net10.0/App.dll")}");
        Assert.Contains("│ Good  │ program │ Count", listed);
    }

    /// <summary>What nuget.org asks of a package: one version, a licence expression, authors, description, tags, a readme, repository metadata, symbols.</summary>
    private static void AssertPublishable(string nupkg, string id, string version)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(nupkg);
        var nuspec = System.Xml.Linq.XDocument.Load(zip.GetEntry(id + ".nuspec")!.Open());
        var ns = nuspec.Root!.Name.Namespace;
        var meta = nuspec.Root.Element(ns + "metadata")!;
        string Get(string name) => meta.Element(ns + name)?.Value ?? "";
        Assert.Equal(version, Get("version"));
        Assert.Equal("MIT", Get("license"));
        Assert.Equal("CodeFirstBpf contributors", Get("authors"));
        Assert.False(string.IsNullOrWhiteSpace(Get("description")));
        Assert.Contains("ebpf", Get("tags"));
        Assert.Equal("README.md", Get("readme"));
        Assert.NotNull(zip.GetEntry("README.md"));
        Assert.Equal("git", meta.Element(ns + "repository")?.Attribute("type")?.Value);
        Assert.True(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), "no symbol package next to " + nupkg);
    }

    [SkippableTheory]
    [InlineData("cfbpf-xdp", "Filter.DropIcmp", "Drop 1")]
    [InlineData("cfbpf-tc", "Classifier.Classify", "Ok 1")]
    public void A_template_from_the_feed_builds_passes_its_tests_and_test_runs(string template, string program, string verdicts)
    {
        Kernel.Require();
        string dir = _feed.NewDirectory(template), name = template == "cfbpf-xdp" ? "Edge" : "Shaper";
        _feed.Dotnet($"new install CodeFirstBpf.Templates::{_feed.Version} --add-source {_feed.Feed} --force").EnsureSuccess();
        _feed.Dotnet($"new {template} -n {name} -o {dir}/{name}").EnsureSuccess();
        Assert.Contains($"Version=\"{_feed.Version}\"", File.ReadAllText($"{dir}/{name}/{name}.Programs/{name}.Programs.csproj"));
        var test = _feed.Dotnet($"test {dir}/{name}/{name}.Tests -c Release");
        Assert.True(test.Succeeded, test.Output);
        Assert.Matches(@"Passed!\s+- Failed:\s+0, Passed:\s+[1-9]", test.Output);
        _feed.Dotnet($"build {dir}/{name}/{name} -c Release").EnsureSuccess();

        // The generated program really is BPF: through the tool from the feed, in the kernel.
        string tools = Path.Combine(dir, "tools");
        _feed.Dotnet($"tool install CodeFirstBpf.Cli --version {_feed.Version} --tool-path {tools} --add-source {_feed.Feed}").EnsureSuccess();
        byte[] frame = new byte[64];
        frame[12] = 0x08; frame[14] = 0x45; frame[23] = template == "cfbpf-xdp" ? (byte)1 : (byte)17;
        string packet = Path.Combine(dir, "frame.bin");
        File.WriteAllBytes(packet, frame);
        string run = Processes.Ok(Path.Combine(tools, "cfbpf"), $"test-run {dir}/{name}/{name}/bin/Release/net10.0/{name}.Programs.dll {program} {packet}");
        Assert.EndsWith(verdicts, run.Trim());
    }
}
