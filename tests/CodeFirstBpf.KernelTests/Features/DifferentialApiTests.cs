using System.Linq;
using CodeFirstBpf.KernelTests.Differential;
using CodeFirstBpf.Testing;
using IcmpFilterSample;
using Xunit;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>The public running-as-.NET API (SPEC §4): test contexts and the kernel-vs-.NET differential.</summary>
public class DifferentialApiTests
{
    private static byte[] Ipv4(byte protocol, byte lastSourceByte)
    {
        var f = new byte[64];
        f[12] = 0x08;
        f[14] = 0x45;
        f[23] = protocol;
        f[26] = 10; f[29] = lastSourceByte;
        return f;
    }

    private static byte[][] Packets => [Ipv4(1, 1), Ipv4(17, 2), Ipv4(1, 1), Ipv4(1, 3), Ipv4(6, 4), new byte[20]];

    [Fact]
    public void A_program_runs_as_dotnet_over_a_test_context()
    {
        using var ctx = XdpTestContext.FromPacket(Ipv4(1, 9));
        Assert.Equal(XdpAction.Drop, IcmpFilter.DropIcmp(ctx));
        using var udp = XdpTestContext.FromPacket(Ipv4(17, 9));
        Assert.Equal(XdpAction.Pass, IcmpFilter.DropIcmp(udp));
        Assert.Equal(64, udp.Packet.Length);
    }

    [SkippableFact]
    public void A_class_with_a_ring_buffer_is_compared_without_walking_the_ring()
    {
        Kernel.Require();
        using var loaded = RingAndTrie.Load();
        var report = CodeFirstBpf.Runtime.Differential.Run(loaded.Object, "Report", typeof(RingAndTrie), RingAndTrie.Report, Packets);
        Assert.True(report.Identical, report.ToString());
        Assert.Contains("Events", report.MapsNotCompared);
    }

    [SkippableFact]
    public void Kernel_and_dotnet_agree_on_verdicts_outputs_and_maps()
    {
        Kernel.Require();
        using var loaded = IcmpFilter.Load();
        var report = CodeFirstBpf.Runtime.Differential.Run(loaded.Object, "DropIcmp", typeof(IcmpFilter), IcmpFilter.DropIcmp, Packets);
        Assert.True(report.Identical, report.ToString());
        Assert.Equal(6, report.Packets);
        Assert.Contains("PacketCount", report.MapsNotCompared); // per-CPU
    }

    [SkippableFact]
    public void A_difference_is_reported_with_the_packet_and_both_sides()
    {
        Kernel.Require();
        using var loaded = IcmpFilter.Load();
        // A ".NET version" that passes everything: every ICMP packet and the drop map differ.
        var report = CodeFirstBpf.Runtime.Differential.Run(loaded.Object, "DropIcmp", typeof(IcmpFilter), _ => XdpAction.Pass, Packets);
        Assert.False(report.Identical);
        Assert.Equal([0, 2, 3], report.PacketDifferences.Select(d => d.Index).ToArray());
        Assert.All(report.PacketDifferences, d => Assert.Equal((1, 2), (d.KernelVerdict, d.DotNetVerdict)));
        Assert.Equal(2, report.MapDifferences.Count(d => d.Map == "DropsBySource" && d.DotNetValue is null));
        Assert.Contains("kernel verdict 1, .NET 2", report.ToString());
    }
}
