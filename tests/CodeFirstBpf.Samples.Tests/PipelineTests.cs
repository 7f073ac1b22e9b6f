using CodeFirstBpf.Runtime;
using CodeFirstBpf.Testing;
using FlowMonitorSample;
using Xunit;

namespace CodeFirstBpf.Samples.Tests;

/// <summary>
/// SPEC §7.2 on a real sample: <c>FlowMonitor.InMemory()</c> is the kernel's twin behind the same
/// map views, and <c>Differential.For</c> runs both over the same steps, a test clock driving
/// <c>Bpf.KtimeGetNs</c> on the .NET side and masks covering what the kernel's clock computes.
/// </summary>
public class PipelineTests
{
    /// <summary>Ethernet + IPv4 + UDP from 10.0.0.<paramref name="host"/>:<paramref name="port"/> to 10.0.0.9:53, <paramref name="payload"/> bytes of data.</summary>
    private static byte[] Udp(byte host, ushort port, int payload = 8)
    {
        var f = new byte[14 + 20 + 8 + payload];
        f[12] = 0x08; // IPv4
        f[14] = 0x45;
        int total = 20 + 8 + payload;
        f[16] = (byte)(total >> 8); f[17] = (byte)total;
        f[22] = 64; f[23] = 17; // TTL, UDP
        f[26] = 10; f[29] = host; f[30] = 10; f[33] = 9;
        f[34] = (byte)(port >> 8); f[35] = (byte)port; f[37] = 53;
        f[38] = (byte)((8 + payload) >> 8); f[39] = (byte)(8 + payload);
        return f;
    }

    private static List<PipelineStep> Steps()
    {
        var steps = new List<PipelineStep>();
        ulong t = 1_000_000;
        for (int i = 0; i < 12; i++)
            steps.Add(new PipelineStep("Track", Udp((byte)(1 + i % 4), (ushort)(5000 + i % 3), 8 + i)) { TimeNs = t += 250_000, Mark = (uint)i });
        return steps;
    }

    [SkippableFact]
    public void The_in_memory_twin_agrees_with_the_kernel_on_every_verdict_flow_and_event_with_the_clock_masked()
    {
        Kernel.Require();
        using var kernel = FlowMonitor.Load();
        using var twin = FlowMonitor.InMemory();
        // A flow seeded the same way on both sides is counted on, not announced.
        var seeded = new FlowKey { Source = 0x0100000A, Destination = 0x0900000A, SourcePort = 0x8813, DestinationPort = 0x3500, Protocol = 17 };
        var report = Differential.For(kernel, twin)
            .Seed(m => m.Flows[seeded] = new FlowStats { Packets = 100, Bytes = 5000 })
            .Ignore("Flows", "FirstSeenNs", "LastSeenNs")
            .Ignore("NewFlows", "TimeNs")
            .Run(Steps());
        Assert.True(report.Identical, report.ToString());
        Assert.Equal(12, report.Steps);

        // The same typed views read both sides: 12 steps over 4 hosts × 3 ports are 12 flows, the first of them the seeded one.
        Assert.Equal(12, kernel.Views.Flows.Count);
        Assert.Equal(12, twin.Views.Flows.Count);
        Assert.Equal(101ul, kernel.Views.Flows[seeded].Packets);
        Assert.Equal(101ul, twin.Views.Flows[seeded].Packets);
        // The test clock drove the .NET run: every in-memory flow was last seen at one of the steps' times.
        var times = Steps().Select(s => s.TimeNs!.Value).ToHashSet();
        Assert.All(twin.Views.Flows.Entries.Where(e => e.Value.Packets < 100), e => Assert.Contains(e.Value.LastSeenNs, times));
    }

    [SkippableFact]
    public void Without_the_masks_the_report_names_the_clock_fields_that_differ()
    {
        Kernel.Require();
        using var kernel = FlowMonitor.Load();
        using var twin = FlowMonitor.InMemory();
        var report = Differential.For(kernel, twin).Run(Steps());
        Assert.False(report.Identical);
        Assert.Empty(report.StepDifferences);
        Assert.All(report.MapDifferences, d => Assert.Matches(@"^Flows\[\{Source=\d+, Destination=\d+, SourcePort=\d+, DestinationPort=\d+, Protocol=17\}\]: FirstSeenNs, LastSeenNs differ: ", d));
        Assert.Equal(12, report.MapDifferences.Count);
        Assert.Contains(report.EventDifferences, d => d.Contains("NewFlows event 0: kernel {Key=", StringComparison.Ordinal) && d.Contains("TimeNs=", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_mask_naming_a_field_the_value_lacks_is_refused_at_once()
    {
        Kernel.Require();
        using var kernel = FlowMonitor.Load();
        using var twin = FlowMonitor.InMemory();
        var e = Assert.Throws<ArgumentException>(() => Differential.For(kernel, twin).Ignore("Flows", "LastSeen"));
        Assert.Contains("FlowStats has no field 'LastSeen' (it has Packets, Bytes, FirstSeenNs, LastSeenNs)", e.Message);
        Assert.Throws<ArgumentException>(() => Differential.For(kernel, twin).Ignore("NoSuchMap", "X"));
    }
}
