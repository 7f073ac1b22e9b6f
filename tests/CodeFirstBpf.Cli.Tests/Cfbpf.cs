namespace CodeFirstBpf.Cli.Tests;

/// <summary>Runs the real cfbpf tool (built next to the tests) as a separate process, as a user would.</summary>
internal static class Cfbpf
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "cfbpf.dll");
    public static string Assembly => typeof(CliProbe).Assembly.Location;

    public static ProcessResult Run(params string[] args) => Processes.Run("dotnet", new[] { Dll }.Concat(args), TimeSpan.FromMinutes(2));

    public static string Ok(params string[] args) => Run(args).EnsureSuccess().Stdout;
}
