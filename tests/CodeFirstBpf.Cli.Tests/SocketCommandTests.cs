using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Tests;

/// <summary>
/// cfbpf on the socket program types (<see cref="CliSockets"/>): test-run of socket filters and cgroup
/// skb over frames and of sk_lookup over lookups, attach to a cgroup and a network namespace through
/// pinned links that outlive the command, and the one-sentence refusals where a type cannot go.
/// </summary>
public sealed class SocketCommandTests : IDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private readonly string _dir = Directory.CreateTempSubdirectory("cfb-cli").FullName;
    private string Pins => Path.Combine("/sys/fs/bpf", "cfbcli-" + _id);
    private string? _cgroup, _netns;

    [SkippableFact]
    public void Test_run_prints_the_bytes_a_socket_filter_keeps_and_a_cgroup_skb_verdict_per_frame()
    {
        Kernel.Require();
        string pcap = Path.Combine(_dir, "frames.pcap");
        Frames.WritePcap(pcap, new[] { Frames.Ipv4(0x0A000001, 17, 60), Frames.Ipv4(0x0A000001, 6, 70), Frames.Ipv4(0x0A000001, 17, 90) });

        string filter = Cfbpf.Ok("test-run", Cfbpf.Assembly, "CliSockets.KeepUdp", pcap);
        Assert.Contains("CliSockets.KeepUdp: 3 frame(s)", filter);
        Assert.Contains("Drop 1, Keep 2", filter);
        Assert.Matches(@"│ 1\s+│ 60\s+│ Keep\s+│ 46\s+│", filter); // the kernel strips the Ethernet header: 60 - 14 bytes kept
        string cgroup = Cfbpf.Ok("test-run", Cfbpf.Assembly, "CliSockets.AllowUdp", pcap);
        Assert.Contains("Allow 2, Drop 1", cgroup);
    }

    [SkippableFact]
    public void Test_run_of_sk_lookup_takes_a_lookup_from_options_or_a_json_file_and_prints_verdict_and_cookie()
    {
        Kernel.RequireAtLeast(5, 14);
        string one = Cfbpf.Ok("test-run", Cfbpf.Assembly, "CliSockets.Discard", "--protocol", "udp", "--local", "127.0.0.1:9", "--remote", "192.0.2.1:5000");
        Assert.Matches(@"│ 1\s+│ udp\s+│ 192\.0\.2\.1:5000 │ 127\.0\.0\.1:9 │ Drop\s+│ 0\s+│ \d+\s+│ none", one);

        string file = Path.Combine(_dir, "lookups.json");
        File.WriteAllText(file, """[ { "protocol": "tcp", "local": "[::1]:80" }, { "protocol": 17, "local": "10.0.0.1:9", "remote": "10.0.0.2:1" } ]""");
        string two = Cfbpf.Ok("test-run", Cfbpf.Assembly, "CliSockets.Discard", file, "--repeat", "5");
        Assert.Contains("CliSockets.Discard: 2 lookup(s), 5 run(s) each", two);
        Assert.Matches(@"│ 1\s+│ tcp\s+│ any\s+│ \[::1\]:80\s+│ Pass", two);
        Assert.Matches(@"│ 2\s+│ udp\s+│ 10\.0\.0\.2:1\s+│ 10\.0\.0\.1:9\s+│ Drop", two);

        var missing = Cfbpf.Run("test-run", Cfbpf.Assembly, "CliSockets.Discard");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("needs a lookup: --local ADDRESS:PORT", missing.Stderr);
        var frames = Cfbpf.Run("test-run", Cfbpf.Assembly, "CliSockets.KeepUdp", "--local", "127.0.0.1:9");
        Assert.Equal(1, frames.ExitCode);
        Assert.Contains("describe sk_lookup lookups, but 'KeepUdp' is a socket program", frames.Stderr);
    }

    [SkippableFact]
    public void Attach_to_a_cgroup_pins_a_link_that_outlives_the_command_until_detach()
    {
        Kernel.Require();
        string root = CgroupV2.MountPoint ?? throw new SkipException("no cgroup v2 hierarchy is mounted");
        _cgroup = Path.Combine(root, "cfbcli-" + _id);
        Directory.CreateDirectory(_cgroup);
        Directory.CreateDirectory(Pins);
        string pin = Path.Combine(Pins, "allow-udp");

        string table = Cfbpf.Ok("attach", Cfbpf.Assembly, "CliSockets.AllowUdp", "--cgroup", _cgroup, "--pin", pin);
        Assert.Contains("on cgroup " + _cgroup, table);
        uint id = ProgramId(table, "AllowUdp");
        Assert.Equal("cgroup_skb", BpfSystem.Program(id)?.Type);
        Assert.Contains($"{id}", Processes.Run("bpftool", ["cgroup", "show", _cgroup]).EnsureSuccess().Stdout);
        Cfbpf.Ok("detach", pin);
        Assert.Null(BpfSystem.Program(id));

        var wrong = Cfbpf.Run("attach", Cfbpf.Assembly, "CliSockets.AllowUdp", "--interface", "lo", "--pin", pin);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("'AllowUdp' is a cgroup_skb/egress program, which attaches with --cgroup, not --interface", wrong.Stderr);
    }

    [SkippableFact]
    public void Attach_sk_lookup_to_a_network_namespace_pins_a_link_until_detach()
    {
        Kernel.RequireAtLeast(5, 9);
        Kernel.RequireTools("ip");
        _netns = "cfbcli-" + _id;
        Processes.Run("ip", ["netns", "add", _netns]).EnsureSuccess();
        Directory.CreateDirectory(Pins);
        string pin = Path.Combine(Pins, "discard");

        string table = Cfbpf.Ok("attach", Cfbpf.Assembly, "CliSockets.Discard", "--netns", "/run/netns/" + _netns, "--pin", pin);
        Assert.Contains("on netns /run/netns/" + _netns, table);
        uint id = ProgramId(table, "Discard");
        Assert.Equal("sk_lookup", BpfSystem.Program(id)?.Type);
        Cfbpf.Ok("detach", pin);
        Assert.Null(BpfSystem.Program(id));
    }

    [SkippableFact]
    public void A_socket_filter_cannot_be_attached_by_a_command_and_the_refusal_says_why()
    {
        Kernel.Require();
        var r = Cfbpf.Run("attach", Cfbpf.Assembly, "CliSockets.KeepUdp", "--pin", Path.Combine(Pins, "keep-udp"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("'KeepUdp' is a socket filter, which attaches to a socket of the process that owns it, so a command cannot attach it: call AttachSocket(socket) in that process", r.Stderr);
        Assert.False(Directory.Exists(Pins));
    }

    [Fact]
    public void Manifest_and_image_build_refuse_a_class_with_programs_bpfman_cannot_load_in_one_sentence()
    {
        string yaml = Path.Combine(_dir, "app.yaml"), layout = Path.Combine(_dir, "sockets.oci");
        var manifest = Cfbpf.Run("manifest", Cfbpf.Assembly, "CliSockets", "--image", "registry.example/sockets:v1", "-o", yaml);
        Assert.Equal(1, manifest.ExitCode);
        Assert.Contains("CliSockets.KeepUdp is a SocketFilter program, which bpfman cannot load", manifest.Stderr);
        Assert.False(File.Exists(yaml));
        var image = Cfbpf.Run("image", "build", Cfbpf.Assembly, "CliSockets", "--tag", "v1", "-o", layout);
        Assert.Equal(1, image.ExitCode);
        Assert.Contains("is a cgroup_skb program, which bpfman cannot load", image.Stderr);
        Assert.False(Directory.Exists(layout));
    }

    /// <summary>The id column of the attach table's row for <paramref name="program"/>.</summary>
    private static uint ProgramId(string table, string program)
        => uint.Parse(System.Text.RegularExpressions.Regex.Match(table, "│ " + program + @"\s+│ (\d+)").Groups[1].Value);

    public void Dispose()
    {
        if (Directory.Exists(Pins)) Directory.Delete(Pins, recursive: true);
        if (_cgroup != null && Directory.Exists(_cgroup)) Directory.Delete(_cgroup);
        if (_netns != null) Processes.Run("ip", ["netns", "del", _netns]);
        Directory.Delete(_dir, recursive: true);
    }
}
