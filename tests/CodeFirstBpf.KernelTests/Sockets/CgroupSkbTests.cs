using System.Net;
using System.Net.Sockets;
using System.Text;
using CodeFirstBpf.KernelTests.Programs;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary>
/// <see cref="EgressGuard"/> on a cgroup the test creates: a shell the test starts in it cannot send
/// to the blocked port, while the same datagram from the test process (outside the cgroup) arrives.
/// </summary>
public sealed class CgroupSkbTests
{
    [SkippableFact]
    public void Egress_drops_the_blocked_port_for_a_process_in_the_cgroup_only()
    {
        Kernel.Require();
        Kernel.RequireTools("bash");
        using var blocked = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var open = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int blockedPort = ((IPEndPoint)blocked.Client.LocalEndPoint!).Port;
        int openPort = ((IPEndPoint)open.Client.LocalEndPoint!).Port;
        using var guard = EgressGuard.Load();
        guard.Maps.BlockedPort[0] = (uint)blockedPort;

        using var cgroup = ScratchCgroup.Create();
        using (CgroupLink link = guard.Programs.Guard.AttachCgroup(cgroup.Path))
        {
            Assert.Matches($@"(?m)^{guard.Programs.Guard.Id}\s+cgroup_inet_egress\s+multi\s+Guard\b", Processes.Ok("bpftool", ["cgroup", "show", cgroup.Path]));
            // The shell moves itself into the cgroup, then sends one datagram to each port.
            var (code, output) = Processes.Run("bash", ["-c",
                $"echo $$ > '{cgroup.Path}/cgroup.procs' && {{ echo from-cgroup > /dev/udp/127.0.0.1/{blockedPort}; echo blocked:$?; echo from-cgroup > /dev/udp/127.0.0.1/{openPort}; echo open:$?; }}"]);
            Assert.Equal(0, code);
            Assert.Contains("blocked:1", output);
            Assert.Contains("open:0", output);
            Assert.Contains("Operation not permitted", output);

            using var outside = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            outside.Send(Encoding.ASCII.GetBytes("from-test"), new IPEndPoint(IPAddress.Loopback, blockedPort));
            Assert.Equal("from-test", Receive(blocked));
            Assert.Equal("from-cgroup\n", Receive(open));
            Assert.False(blocked.Client.Poll(200_000, SelectMode.SelectRead), "the cgroup's datagram to the blocked port got through");
            Assert.Equal(1UL, guard.Maps.Verdicts[1]);
            Assert.True(guard.Maps.Verdicts[0] >= 1);
            link.Dispose();
            Assert.False(link.IsAttached);
            Assert.DoesNotContain("Guard", Processes.Ok("bpftool", ["cgroup", "show", cgroup.Path]));
        }
    }

    [SkippableFact]
    public void The_test_run_drops_the_blocked_port_and_allows_the_rest()
    {
        Kernel.Require();
        using var guard = EgressGuard.Load();
        guard.Maps.BlockedPort[0] = 9999;
        CgroupSkbProgram program = guard.Programs.Guard;
        Assert.Equal(CgroupSkbAction.Drop, program.TestRun(SocketAddresses.UdpFrame(9999)).Action);
        Assert.Equal(CgroupSkbAction.Allow, program.TestRun(SocketAddresses.UdpFrame(9998)).Action);
        Assert.Equal(1UL, guard.Maps.Verdicts[0]);
        Assert.Equal(1UL, guard.Maps.Verdicts[1]);
    }

    [SkippableFact]
    public void Attaching_to_a_directory_that_is_no_cgroup_says_what_to_give()
    {
        Kernel.Require();
        using var guard = EgressGuard.Load();
        var e = Assert.Throws<BpfException>(() => guard.Programs.Guard.AttachCgroup("/nonexistent/cgroup"));
        Assert.StartsWith("Attaching cgroup_skb/egress program 'Guard' to cgroup '/nonexistent/cgroup' failed: the directory does not exist; give a cgroup v2 directory", e.Message);
        var tmp = Assert.Throws<BpfException>(() => guard.Programs.Guard.AttachCgroup("/tmp"));
        Assert.Contains("it is not a cgroup v2 directory", tmp.Message);
    }

    private static string Receive(UdpClient client)
    {
        Assert.True(client.Client.Poll(2_000_000, SelectMode.SelectRead), "no datagram arrived");
        IPEndPoint? from = null;
        return Encoding.ASCII.GetString(client.Receive(ref from));
    }
}
