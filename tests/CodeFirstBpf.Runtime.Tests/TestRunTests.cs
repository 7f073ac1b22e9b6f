using System;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

public sealed class TestRunTests
{
    [SkippableFact]
    public void Xdp_test_run_returns_the_verdict_and_the_rewritten_packet()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("rewrite");
        XdpProgram program = obj.GetXdpProgram("xdp_swap_macs");
        byte[] packet = Packets.Ipv4(protocol: 17);

        XdpTestRunResult result = program.TestRun(packet);

        Assert.Equal(XdpAction.Tx, result.Action);
        Assert.Equal(packet.Length, result.Packet.Length);
        Assert.Equal(Packets.SourceMac, result.Packet[..6]);
        Assert.Equal(Packets.DestinationMac, result.Packet[6..12]);
        Assert.Equal(packet[12..], result.Packet[12..]);
    }

    [SkippableFact]
    public void Xdp_test_run_leaves_other_frames_alone()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("rewrite");
        byte[] packet = Packets.Arp();

        XdpTestRunResult result = obj.GetXdpProgram("xdp_swap_macs").TestRun(packet);

        Assert.Equal(XdpAction.Pass, result.Action);
        Assert.Equal(packet, result.Packet);
        Assert.Equal(XdpAction.Drop, obj.GetXdpProgram("xdp_drop_everything").TestRun(packet).Action);
    }

    [SkippableFact]
    public void Repeated_test_runs_report_an_average_duration()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("rewrite");

        XdpTestRunResult result = obj.GetXdpProgram("xdp_swap_macs").TestRun(Packets.Ipv4(6), repeat: 100_000);

        Assert.Equal(XdpAction.Tx, result.Action);
        Assert.True(result.DurationNanoseconds > 0, "the kernel measured no time");
        Assert.True(result.Duration < TimeSpan.FromMilliseconds(1), $"average {result.Duration} per run is implausible");
        Assert.Equal(TimeSpan.FromTicks((result.DurationNanoseconds + 50) / 100), result.Duration);
    }

    [SkippableFact]
    public void Tc_test_run_returns_the_verdict_and_the_rewritten_packet()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("rewrite");
        TcProgram program = obj.GetTcProgram("tc_clamp_ttl");
        byte[] tcp = Packets.Ipv4(protocol: 6);

        TcTestRunResult passed = program.TestRun(tcp, repeat: 10);
        TcTestRunResult dropped = program.TestRun(Packets.Ipv4(protocol: 17));

        Assert.Equal(TcAction.Ok, passed.Action);
        Assert.Equal(1, passed.Packet[14 + 8]);
        Assert.Equal(tcp[..(14 + 8)], passed.Packet[..(14 + 8)]);
        Assert.Equal(tcp[(14 + 9)..], passed.Packet[(14 + 9)..]);
        Assert.True(passed.DurationNanoseconds > 0);
        Assert.Equal(TcAction.Shot, dropped.Action);
    }

    [SkippableFact]
    public void Tc_test_runs_take_and_return_skb_fields()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("contexts");
        TcProgram program = obj.GetTcProgram("tc_touch_skb");

        TcTestRunResult result = program.TestRun(Packets.Ipv4(6), new TcTestRunContext { Mark = 41, Priority = 3 });

        Assert.Equal(TcAction.Shot, result.Action);
        Assert.Equal(42u, result.Context.Mark);
        Assert.Equal(7u, result.Context.Priority);
        Assert.Equal(default, program.TestRun(Packets.Ipv4(6)).Context);
        var missing = Assert.Throws<BpfException>(() => program.TestRun(Packets.Ipv4(6), new TcTestRunContext { InterfaceIndex = 987654 }));
        Assert.Equal(19, missing.Errno);
    }

    [SkippableFact]
    public void Xdp_test_runs_take_the_receiving_interface()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("contexts");
        XdpProgram program = obj.GetXdpProgram("xdp_by_ingress");

        using VethPair veth = VethPair.Create();
        int index = int.Parse(System.IO.File.ReadAllText($"/sys/class/net/{veth.Receiver}/ifindex").Trim(), System.Globalization.CultureInfo.InvariantCulture);

        // Without a context the kernel runs the program as if loopback (ifindex 1) received the frame.
        Assert.Equal(XdpAction.Drop, program.TestRun(Packets.Arp()).Action);
        Assert.Equal(XdpAction.Pass, program.TestRun(Packets.Arp(), new XdpTestRunContext { IngressInterfaceIndex = index }).Action);
        Assert.Throws<BpfException>(() => program.TestRun(Packets.Arp(), new XdpTestRunContext { IngressInterfaceIndex = index, RxQueueIndex = 64 }));
    }

    [SkippableFact]
    public void A_packet_shorter_than_an_Ethernet_header_is_refused_before_the_kernel()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("rewrite");

        var error = Assert.Throws<ArgumentException>(() => obj.GetXdpProgram("xdp_swap_macs").TestRun(new byte[10]));
        Assert.Contains("at least 14 bytes", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => obj.GetXdpProgram("xdp_swap_macs").TestRun(Packets.Arp(), repeat: 0));
    }
}
