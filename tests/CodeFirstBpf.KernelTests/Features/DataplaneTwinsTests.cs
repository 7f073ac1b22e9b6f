using System;
using System.Linq;
using CodeFirstBpf.KernelTests.Differential;
using CodeFirstBpf.Testing;
using Xunit;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>The in-memory maps and test contexts agree with the kernel where the kernel is the truth (Differential.Run over each).</summary>
public class DataplaneTwinsTests
{
    private static byte[] Frame(int length, params (int At, byte Value)[] bytes)
    {
        var f = new byte[length];
        foreach (var (at, value) in bytes) f[at] = value;
        return f;
    }

    /// <summary>A 64-byte frame whose key bytes 14..21 are A, three padding bytes, then B.</summary>
    private static byte[] Padded(byte a, byte pad, byte b, byte delete = 0)
        => Frame(64, (14, a), (15, pad), (16, pad), (17, pad), (18, b), (22, delete));

    [SkippableFact]
    public void Hash_keys_compare_every_byte_padding_included()
    {
        Kernel.Require();
        using var loaded = PaddedKeys.Load();
        byte[][] packets = [Padded(1, 0, 2), Padded(1, 0xAA, 2), Padded(1, 0, 2), Padded(1, 0xBB, 2, delete: 1), Padded(3, 0xBB, 4)];
        var report = CodeFirstBpf.Runtime.Differential.Run(loaded.Object, "CountPadded", typeof(PaddedKeys), PaddedKeys.CountPadded, packets);
        Assert.True(report.Identical, report.ToString());
        // Same fields, different padding: separate entries, as in the kernel.
        Assert.Equal(3, loaded.Maps.PadCounts.Count());
    }

    [SkippableFact]
    public void The_ring_fills_at_the_kernels_capacity_until_the_consumer_drains_it()
    {
        Kernel.Require();
        using var loaded = RingFill.Load();
        RingFill.Ring.Reset();
        // 256-byte records in a 4096-byte ring; Output, Reserve+Submit and Reserve+Discard all take space.
        // (Differential.Run cannot be used: it walks the ring's keys, which the kernel refuses.)
        var packets = Enumerable.Range(0, 20).Select(i => Frame(64, (0, (byte)(i % 3)))).ToArray();
        var kernel = packets.Select(p => loaded.Programs.Fill.TestRun(p).Action).ToArray();
        var dotnet = packets.Select(p =>
        {
            using var c = XdpTestContext.FromPacket(p);
            return RingFill.Fill(c);
        }).ToArray();
        Assert.Equal(string.Join(",", kernel), string.Join(",", dotnet));
        Assert.Contains(XdpAction.Drop, kernel);

        using var ctx = XdpTestContext.FromPacket(Frame(64));
        Assert.Equal(XdpAction.Drop, RingFill.Fill(ctx));              // still full: nobody consumed
        Assert.True(RingFill.Ring.TryRead(out var first));             // the consumer frees a record...
        Assert.Equal(1u, first.Seq);
        Assert.Equal(XdpAction.Pass, RingFill.Fill(ctx));              // ...so one more fits
        Assert.Equal(XdpAction.Drop, RingFill.Fill(ctx));
    }

    [SkippableFact]
    public void An_lpm_trie_filled_by_bpf_code_enumerates_and_resets_like_the_kernels()
    {
        Kernel.Require();
        using var loaded = TrieFill.Load();
        byte[][] packets =
        [
            Frame(64, (0, 24), (1, 10), (2, 1), (3, 2), (4, 3)),
            Frame(64, (0, 8), (1, 10), (2, 9)),
            Frame(64, (0, 24), (1, 10), (2, 1), (3, 2), (4, 99)),   // same /24, other host bits: replaces the data bytes too
            Frame(64, (0, 16), (1, 192), (2, 168)),
        ];
        var report = CodeFirstBpf.Runtime.Differential.Run(loaded.Object, "AddPrefix", typeof(TrieFill), TrieFill.AddPrefix, packets);
        Assert.True(report.Identical, report.ToString());
        Assert.Equal(3, TrieFill.Prefixes.RawEntries().Count());
        TrieFill.Prefixes.Reset();
        Assert.Empty(TrieFill.Prefixes.RawEntries());
    }

    [SkippableFact]
    public void A_tc_test_context_reports_the_packet_type_and_interfaces_a_kernel_test_run_gives()
    {
        Kernel.Require();
        using var loaded = SkbFields.Load();
        byte[] To(byte id, params byte[] mac)
        {
            var f = Frame(64, (12, 0x88), (13, 0xB5), (14, id));
            mac.CopyTo(f, 0);
            return f;
        }
        byte[][] packets =
        [
            To(1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF),   // broadcast
            To(2, 0x01, 0x00, 0x5E, 0x00, 0x00, 0x01),   // IPv4 multicast
            To(3, 0x33, 0x33, 0x00, 0x00, 0x00, 0x01),   // IPv6 multicast
            To(4, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01),   // unicast to another host
            To(5, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00),   // unicast to the test-run device's own address
        ];
        var report = CodeFirstBpf.Runtime.Differential.Run(loaded.Object, "Observe", typeof(SkbFields), SkbFields.Observe, packets);
        Assert.True(report.Identical, report.ToString());
    }
}
