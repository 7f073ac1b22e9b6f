namespace CodeFirstBpf.Build.Tests;

/// <summary>
/// Every package of the repository packed once into a fresh feed outside the repository, with a
/// package cache of its own, as a user who never saw the source would get them. Removed afterwards.
/// </summary>
public sealed class LocalFeed : IDisposable
{
    public static readonly string[] Projects =
        { "Dataplane/CodeFirstBpf.Dataplane.csproj", "Runtime/CodeFirstBpf.Runtime.csproj", "Cli/CodeFirstBpf.Cli.csproj", "templates/CodeFirstBpf.Templates.csproj" };

    public LocalFeed()
    {
        Root = Path.Combine(Path.GetTempPath(), "cfb-feed-" + Guid.NewGuid().ToString("N")[..8]);
        Feed = Path.Combine(Root, "feed");
        Cache = Path.Combine(Root, "nuget");
        Version = "0.2.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
        try
        {
            foreach (string project in Projects)
                Processes.Ok("dotnet", $"pack {BuildTests.s_repo}/{project} -c Release -nologo -v q -o {Feed} -p:Version={Version}", TimeSpan.FromMinutes(10));
        }
        catch
        {
            // xunit never disposes a fixture whose constructor threw: remove what was packed so far here.
            Dispose();
            throw;
        }
    }

    public string Root { get; }
    public string Feed { get; }
    public string Cache { get; }
    public string Version { get; }

    /// <summary>A new empty directory under <see cref="Root"/> whose nuget.config knows only this feed (and nuget.org for third-party packages).</summary>
    public string NewDirectory(string name)
    {
        string dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <configuration><packageSources><clear /><add key="local" value="{Feed}" /><add key="nuget" value="https://api.nuget.org/v3/index.json" /></packageSources></configuration>
            """);
        return dir;
    }

    /// <summary>Runs dotnet with this feed's package cache and a dotnet home of its own (templates install there).</summary>
    internal ProcessResult Dotnet(string arguments)
        => Processes.Run("env", $"NUGET_PACKAGES={Cache} DOTNET_CLI_HOME={Root}/home DOTNET_NOLOGO=1 dotnet {arguments}", TimeSpan.FromMinutes(10));

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
