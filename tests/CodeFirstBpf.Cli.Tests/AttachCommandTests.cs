using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Tests;

/// <summary>
/// <c>cfbpf load</c>, <c>attach</c> and <c>detach</c> against real interfaces: what the command puts
/// into the kernel is still there after the command has exited, and detach takes it away.
/// </summary>
public sealed class AttachCommandTests : IDisposable
{
    private readonly string _pins = Path.Combine(BpfFileSystemRoot(), "cfbcli-" + Guid.NewGuid().ToString("N")[..8]);

    [SkippableFact]
    public void Attach_xdp_outlives_the_command_and_detach_removes_it()
    {
        Kernel.Require();
        using var veth = VethPair.Create();
        Directory.CreateDirectory(_pins);
        string pin = Path.Combine(_pins, "count-xdp");
        string table = Cfbpf.Ok("attach", Cfbpf.Assembly, "CliProbe.Count", "--interface", veth.Receiver, "--pin", pin);
        Assert.Contains("BPF link", table);
        // The command has exited; the program is still on the interface, held by the pinned link.
        Assert.Equal((1, 0), VethPair.BpftoolNet(veth.Receiver));
        uint id = ProgramId(table, "Count");
        Assert.Equal("xdp", BpfSystem.Program(id)?.Type);
        Cfbpf.Ok("detach", pin);
        Assert.False(File.Exists(pin));
        Assert.Equal((0, 0), VethPair.BpftoolNet(veth.Receiver));
        Assert.Null(BpfSystem.Program(id));
    }

    [SkippableFact]
    public void Attach_tc_pins_a_tcx_link_that_outlives_the_command()
    {
        Kernel.RequireAtLeast(6, 6);
        using var veth = VethPair.Create();
        Directory.CreateDirectory(_pins);
        string pin = Path.Combine(_pins, "mark-egress");
        string table = Cfbpf.Ok("attach", Cfbpf.Assembly, "CliProbe.Mark", "--interface", veth.Sender, "--direction", "Egress", "--pin", pin);
        Assert.Contains("Egress (Tcx)", table);
        uint id = ProgramId(table, "Mark");
        Assert.Equal("sched_cls", BpfSystem.Program(id)?.Type);
        Cfbpf.Ok("detach", pin);
        Assert.Null(BpfSystem.Program(id));
    }

    [SkippableFact]
    public void Load_pins_programs_and_maps_that_another_process_reads()
    {
        Kernel.Require();
        string table = Cfbpf.Ok("load", Cfbpf.Assembly, "CliProbe", "--pin-dir", _pins);
        Assert.Contains(Path.Combine(_pins, "Count"), table);
        using var stats = BpfMapHandle.OpenPinned(Path.Combine(_pins, "Stats"));
        Assert.Equal("Stats", stats.Name);
        string dump = Cfbpf.Ok("map", "dump", Path.Combine(_pins, "Stats"));
        Assert.Contains("key.Address", dump);
    }

    [SkippableFact]
    public void Detach_of_something_that_is_not_a_link_says_so()
    {
        Kernel.Require();
        Cfbpf.Ok("load", Cfbpf.Assembly, "CliProbe", "--pin-dir", _pins);
        var r = Cfbpf.Run("detach", Path.Combine(_pins, "Stats"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("is not a pinned link but anon_inode:bpf-map", r.Stderr);
    }

    private static string BpfFileSystemRoot() => "/sys/fs/bpf";

    /// <summary>The id column of the attach table's row for <paramref name="program"/>.</summary>
    private static uint ProgramId(string table, string program)
        => uint.Parse(System.Text.RegularExpressions.Regex.Match(table, "│ " + program + @"\s+│ (\d+)").Groups[1].Value);

    public void Dispose()
    {
        if (Directory.Exists(_pins)) Directory.Delete(_pins, recursive: true);
    }
}
