using System.Text.Json;

namespace CodeFirstBpf.Cli.Tests;

/// <summary>The command line itself: help, usage errors, and the verbs that read an assembly without the kernel.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Help_lists_every_verb()
    {
        string help = Cfbpf.Ok("--help");
        foreach (string verb in new[] { "list", "export", "verify", "test-run", "prog", "map", "trace", "image", "manifest" })
            Assert.Contains("  " + verb + " ", help);
        Assert.Contains("dump", Cfbpf.Ok("map", "--help"));
        Assert.Contains("push", Cfbpf.Ok("image", "--help"));
    }

    [Fact]
    public void A_missing_argument_is_a_usage_error_not_a_stack_trace()
    {
        var r = Cfbpf.Run("test-run", Cfbpf.Assembly);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Required argument missing", r.Output);
        Assert.DoesNotContain("   at ", r.Output);
    }

    [Fact]
    public void A_wrong_name_is_one_line_saying_what_to_do()
    {
        var r = Cfbpf.Run("test-run", Cfbpf.Assembly, "Nope.Count", Cfbpf.Assembly);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"cfbpf: no program class 'Nope' in {Cfbpf.Assembly} (see 'cfbpf list {Cfbpf.Assembly}')", r.Stderr.Trim());
    }

    [Fact]
    public void List_is_a_table_and_json()
    {
        string table = Cfbpf.Ok("list", Cfbpf.Assembly);
        Assert.Matches(@"│ CodeFirstBpf\.Cli\.Tests\.CliProbe\s+│ program │ Count", table);
        Assert.Matches(@"│ CodeFirstBpf\.Cli\.Tests\.CliSockets │ program │ Discard\s+│ SkLookup", table);
        using var json = JsonDocument.Parse(Cfbpf.Ok("list", Cfbpf.Assembly, "--json"));
        var names = json.RootElement.EnumerateArray().Where(e => e.GetProperty("class").GetString() == "CodeFirstBpf.Cli.Tests.CliProbe")
            .Select(e => e.GetProperty("what").GetString() + " " + e.GetProperty("name").GetString()).ToArray();
        Assert.Equal(new[] { "program Count", "program Mark", "map Stats", "map Blocked", "map Hits" }, names);
    }
}
