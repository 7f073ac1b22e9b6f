using System;
using System.Linq;
using CodeFirstBpf.KernelTests.Differential;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>AdjustHead/AdjustTail/AdjustMeta change the test run's output frame as in the kernel; ChangeType works on TC.</summary>
public class PacketHelpersTests
{
    private static readonly byte[] s_frame = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();

    [SkippableFact]
    public void AdjustHead_grows_the_frame_at_the_front()
    {
        Kernel.Require();
        using var loaded = PacketHelpers.Load();
        var r = loaded.Programs.PushMarker.TestRun(s_frame);
        Assert.Equal(XdpAction.Tx, r.Action);
        Assert.Equal(s_frame.Length + 4, r.Packet.Length);
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, r.Packet[..4]);
        Assert.Equal(s_frame, r.Packet[4..]);
    }

    [SkippableFact]
    public void AdjustHead_shrinks_the_frame_at_the_front_and_refuses_what_leaves_no_ethernet_header()
    {
        Kernel.Require();
        using var loaded = PacketHelpers.Load();
        var r = loaded.Programs.PopHeader.TestRun(s_frame);
        Assert.Equal(XdpAction.Tx, r.Action);
        Assert.Equal(s_frame[14..], r.Packet);
        Assert.Equal(XdpAction.Pass, loaded.Programs.RefuseTinyFrame.TestRun(s_frame).Action);
    }

    [SkippableFact]
    public void AdjustTail_shrinks_and_grows_the_end()
    {
        Kernel.Require();
        using var loaded = PacketHelpers.Load();
        var r = loaded.Programs.TrimTail.TestRun(s_frame);
        Assert.Equal(XdpAction.Tx, r.Action);
        Assert.Equal(s_frame.Length - 6, r.Packet.Length);
        Assert.Equal(s_frame[..^10], r.Packet[..^4]);
    }

    [SkippableFact]
    public void AdjustMeta_puts_metadata_before_the_unchanged_frame()
    {
        Kernel.Require();
        using var loaded = PacketHelpers.Load();
        var r = loaded.Programs.WriteMeta.TestRun(s_frame);
        Assert.Equal(XdpAction.Pass, r.Action);
        // The test run's output starts at data_meta: the 8 metadata bytes, then the frame.
        Assert.Equal(new byte[] { 1, 0, 0, 0, 2, 0, 0, 0 }, r.Packet[..8]);
        Assert.Equal(s_frame, r.Packet[8..]);
    }

    [SkippableFact]
    public void ChangeType_accepts_otherhost_and_refuses_an_invalid_type()
    {
        Kernel.Require();
        using var loaded = PacketHelpers.Load();
        Assert.Equal(TcAction.Ok, loaded.Programs.MarkOtherHost.TestRun(s_frame).Action);
    }

    [Fact]
    public unsafe void The_same_helpers_work_when_run_as_dotnet()
    {
        byte[] buffer = new byte[32 + 64 + 32];
        s_frame.CopyTo(buffer, 32);
        fixed (byte* b = buffer)
        {
            var md = new XdpMetadata { Data = b + 32, DataEnd = b + 96, DataMeta = b + 32, DataHardStart = b, DataHardEnd = b + buffer.Length };
            Assert.Equal(XdpAction.Tx, PacketHelpers.PushMarker(new XdpContext(&md)));
            Assert.Equal(68, md.DataEnd - md.Data);
            Assert.Equal(0xDE, md.Data[0]);
            Assert.Equal(XdpAction.Tx, PacketHelpers.TrimTail(new XdpContext(&md)));
            Assert.Equal(62, md.DataEnd - md.Data);
            Assert.Equal(XdpAction.Pass, PacketHelpers.WriteMeta(new XdpContext(&md)));
            Assert.Equal(8, md.Data - md.DataMeta);
            Assert.Equal(XdpAction.Pass, PacketHelpers.RefuseTinyFrame(new XdpContext(&md)));
            var tc = new TcMetadata();
            Assert.Equal(TcAction.Ok, PacketHelpers.MarkOtherHost(new TcContext(&tc)));
            Assert.Equal(3u, tc.PacketType);
        }
    }
}
