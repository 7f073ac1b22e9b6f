using System;
using System.Threading;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

/// <summary>XDP on a veth pair of its own: real frames cross it and move the program's counter.</summary>
public sealed class XdpAttachTests
{
    private const int Frames = 25;

    [SkippableTheory]
    [InlineData(XdpMode.Generic)]
    [InlineData(XdpMode.Native)]
    public void Attached_program_counts_frames_and_dispose_detaches_it(XdpMode mode)
    {
        Kernel.Require();
        using VethPair veth = VethPair.Create();
        using BpfObject obj = BpfPrograms.Load("counters");
        var seen = new ArrayMap<ulong>(obj, "xdp_seen");

        using (XdpLink link = obj.GetXdpProgram("xdp_count_test_frames").AttachXdp(veth.Receiver, mode))
        {
            Assert.True(link.IsBpfLink);
            Assert.True(link.IsAttached);
            Assert.Equal(mode, link.Mode);
            Assert.Equal(veth.Receiver, link.InterfaceName);
            Assert.Contains(mode == XdpMode.Generic ? "xdpgeneric" : "xdp", VethPair.IpLinkShow(veth.Receiver));
            Assert.Equal((1, 0), VethPair.BpftoolNet(veth.Receiver));

            RawFrames.Send(veth.Sender, RawFrames.TestFrame(), Frames);
            WaitFor(() => seen[0] >= Frames);
            Assert.Equal((ulong)Frames, seen[0]);

            link.Dispose();
            Assert.False(link.IsAttached);
        }

        Assert.DoesNotContain("xdp", VethPair.IpLinkShow(veth.Receiver));
        Assert.Equal((0, 0), VethPair.BpftoolNet(veth.Receiver));
        RawFrames.Send(veth.Sender, RawFrames.TestFrame(), 5);
        Thread.Sleep(100);
        Assert.Equal((ulong)Frames, seen[0]);
    }

    [SkippableFact]
    public void A_link_swaps_programs_atomically()
    {
        Kernel.Require();
        using VethPair veth = VethPair.Create();
        using BpfObject counters = BpfPrograms.Load("counters");
        using BpfObject rewrite = BpfPrograms.Load("rewrite");
        using XdpLink link = rewrite.GetXdpProgram("xdp_drop_everything").AttachXdp(veth.Receiver);

        XdpProgram counting = counters.GetXdpProgram("xdp_count_test_frames");
        link.Update(counting);

        Assert.Equal(counting.Id, link.ProgramId);
        Assert.Equal("xdp_count_test_frames", link.ProgramName);
        Assert.Contains($"id {counting.Id}", VethPair.IpLinkShow(veth.Receiver));
        RawFrames.Send(veth.Sender, RawFrames.TestFrame(), 4);
        WaitFor(() => new ArrayMap<ulong>(counters, "xdp_seen")[0] >= 4);
        Assert.Equal(4ul, new ArrayMap<ulong>(counters, "xdp_seen")[0]);
    }

    [SkippableFact]
    public void A_pinned_link_outlives_dispose_until_unpinned()
    {
        Kernel.Require();
        using VethPair veth = VethPair.Create();
        using BpfObject obj = BpfPrograms.Load("counters");
        var seen = new ArrayMap<ulong>(obj, "xdp_seen");
        string pin = $"/sys/fs/bpf/cfbrt_link_{Environment.ProcessId}_{veth.Receiver}";
        XdpLink link = obj.GetXdpProgram("xdp_count_test_frames").AttachXdp(veth.Receiver);
        try
        {
            link.Pin(pin);
            Assert.Equal(pin, link.PinPath);
            link.Dispose();
            // Still attached: the pin holds the link.
            Assert.Equal((1, 0), VethPair.BpftoolNet(veth.Receiver));
            RawFrames.Send(veth.Sender, RawFrames.TestFrame(), 3);
            WaitFor(() => seen[0] >= 3);
            Assert.Equal(3ul, seen[0]);
            link.Unpin();
            Assert.False(System.IO.File.Exists(pin));
            WaitFor(() => VethPair.BpftoolNet(veth.Receiver) == (0, 0));
            Assert.Equal((0, 0), VethPair.BpftoolNet(veth.Receiver));
        }
        finally
        {
            System.IO.File.Delete(pin);
            link.Dispose();
        }
    }

    [SkippableFact]
    public void Attaching_by_index_works_too()
    {
        Kernel.Require();
        using VethPair veth = VethPair.Create();
        using BpfObject obj = BpfPrograms.Load("counters");
        int index = int.Parse(Processes.Ok("cat", [$"/sys/class/net/{veth.Receiver}/ifindex"]).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        using XdpLink link = obj.GetXdpProgram("xdp_count_test_frames").AttachXdp(index);

        Assert.Equal(veth.Receiver, link.InterfaceName);
        Assert.Equal(index, link.InterfaceIndex);
        Assert.Equal(obj.GetXdpProgram("xdp_count_test_frames").Id, link.ProgramId);
    }

    [SkippableFact]
    public void A_second_program_is_refused_unless_replace_is_asked_for()
    {
        Kernel.Require();
        using VethPair veth = VethPair.Create();
        using BpfObject obj = BpfPrograms.Load("rewrite");
        using XdpLink first = obj.GetXdpProgram("xdp_swap_macs").AttachXdp(veth.Receiver);

        var error = Assert.Throws<BpfException>(() => obj.GetXdpProgram("xdp_drop_everything").AttachXdp(veth.Receiver));
        Assert.Equal($"Interface '{veth.Receiver}' already has an XDP program attached: detach it first or pass replace: true.", error.Message);

        var held = Assert.Throws<BpfException>(() => obj.GetXdpProgram("xdp_drop_everything").AttachXdp(veth.Receiver, replace: true));
        Assert.Contains("held by a BPF link", held.Message);

        var otherMode = Assert.Throws<BpfException>(() => obj.GetXdpProgram("xdp_drop_everything").AttachXdp(veth.Receiver, XdpMode.Native));
        Assert.Contains($"Interface '{veth.Receiver}' already has an XDP program attached", otherMode.Message);
    }

    [SkippableFact]
    public void Replace_takes_over_a_netlink_attached_program_and_detaches_only_its_own()
    {
        Kernel.Require();
        using VethPair veth = VethPair.Create();
        using BpfObject other = BpfPrograms.Load("rewrite");
        string pinDirectory = $"/sys/fs/bpf/cfbrt{Guid.NewGuid():N}"[..32];
        string pinned = System.IO.Path.Join(pinDirectory, "other");
        System.IO.Directory.CreateDirectory(pinDirectory);
        try
        {
            // bpftool attaches through netlink, as older tools and kernels without XDP links do.
            other.GetXdpProgram("xdp_swap_macs").Pin(pinned);
            Processes.Ok("bpftool", ["net", "attach", "xdpgeneric", "pinned", pinned, "dev", veth.Receiver]);
            using BpfObject obj = BpfPrograms.Load("counters");
            XdpProgram program = obj.GetXdpProgram("xdp_count_test_frames");

            Assert.Throws<BpfException>(() => program.AttachXdp(veth.Receiver));
            using (XdpLink link = program.AttachXdp(veth.Receiver, XdpMode.Generic, replace: true))
            {
                Assert.False(link.IsBpfLink);
                Assert.Contains($"prog/xdp id {program.Id}", VethPair.IpLinkShow(veth.Receiver));
                RawFrames.Send(veth.Sender, RawFrames.TestFrame(), 3);
                WaitFor(() => new ArrayMap<ulong>(obj, "xdp_seen")[0] >= 3);
                Assert.Equal(3ul, new ArrayMap<ulong>(obj, "xdp_seen")[0]);
            }
            Assert.Equal((0, 0), VethPair.BpftoolNet(veth.Receiver));

            // A netlink attachment that someone else replaced meanwhile is left alone.
            Processes.Ok("bpftool", ["net", "attach", "xdpgeneric", "pinned", pinned, "dev", veth.Receiver]);
            XdpLink replaced = program.AttachXdp(veth.Receiver, XdpMode.Generic, replace: true);
            Assert.False(replaced.IsBpfLink);
            Processes.Ok("bpftool", ["net", "attach", "xdpgeneric", "pinned", pinned, "dev", veth.Receiver, "overwrite"]);
            replaced.Dispose();
            Assert.Contains($"prog/xdp id {other.GetXdpProgram("xdp_swap_macs").Id}", VethPair.IpLinkShow(veth.Receiver));
            Processes.Ok("bpftool", ["net", "detach", "xdpgeneric", "dev", veth.Receiver]);
            Assert.Equal((0, 0), VethPair.BpftoolNet(veth.Receiver));
        }
        finally
        {
            System.IO.Directory.Delete(pinDirectory, recursive: true);
        }
    }

    [SkippableFact]
    public void Missing_interfaces_give_the_documented_error()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("counters");
        XdpProgram program = obj.GetXdpProgram("xdp_count_test_frames");

        var byName = Assert.Throws<BpfException>(() => program.AttachXdp("cfbrt-missing"));
        Assert.Equal("Network interface 'cfbrt-missing' does not exist: check the name with 'ip link show'.", byName.Message);
        Assert.Equal(19, byName.Errno);
        var byIndex = Assert.Throws<BpfException>(() => program.AttachXdp(987654));
        Assert.Equal("No network interface has index 987654: check the index with 'ip link show'.", byIndex.Message);
    }

    [SkippableFact]
    public void A_mode_the_driver_lacks_is_named()
    {
        Kernel.Require();
        using VethPair veth = VethPair.Create();
        using BpfObject obj = BpfPrograms.Load("counters");

        var error = Assert.Throws<BpfException>(() => obj.GetXdpProgram("xdp_count_test_frames").AttachXdp(veth.Receiver, XdpMode.Offload));
        Assert.Contains($"'{veth.Receiver}'", error.Message);
        Assert.Contains("Offload", error.Message);
        Assert.Equal((0, 0), VethPair.BpftoolNet(veth.Receiver));
    }

    [SkippableFact]
    public void Attachments_left_undisposed_are_detached_at_process_exit()
    {
        Kernel.Require();
        using VethPair veth = VethPair.Create();
        using BpfObject obj = BpfPrograms.Load("counters");
        using BpfObject other = BpfPrograms.Load("rewrite");
        XdpLink held = other.GetXdpProgram("xdp_swap_macs").AttachXdp(veth.Receiver);
        held.Dispose();

        // A netlink XDP program and a clsact filter would outlive the process; the registry's exit hook removes them.
        string pinDirectory = $"/sys/fs/bpf/cfbrt{Guid.NewGuid():N}"[..32];
        System.IO.Directory.CreateDirectory(pinDirectory);
        try
        {
            other.GetXdpProgram("xdp_swap_macs").Pin(System.IO.Path.Join(pinDirectory, "p"));
            Processes.Ok("bpftool", ["net", "attach", "xdpgeneric", "pinned", System.IO.Path.Join(pinDirectory, "p"), "dev", veth.Receiver]);
        }
        finally
        {
            System.IO.Directory.Delete(pinDirectory, recursive: true);
        }
        XdpLink xdp = obj.GetXdpProgram("xdp_count_test_frames").AttachXdp(veth.Receiver, replace: true);
        TcLink tc = obj.GetTcProgram("tc_count_egress").AttachTc(veth.Sender, TcDirection.Egress, mode: TcAttachMode.Clsact);
        Assert.False(xdp.IsBpfLink);
        Assert.Equal((1, 0), VethPair.BpftoolNet(veth.Receiver));
        Assert.Equal((0, 1), VethPair.BpftoolNet(veth.Sender));

        AttachmentRegistry.DetachAll();

        Assert.False(xdp.IsAttached);
        Assert.False(tc.IsAttached);
        Assert.Equal((0, 0), VethPair.BpftoolNet(veth.Receiver));
        Assert.Equal((0, 0), VethPair.BpftoolNet(veth.Sender));
        Assert.DoesNotContain("clsact", VethPair.TcQdiscs(veth.Sender));
        xdp.Dispose();
        tc.Dispose();
    }

    [SkippableFact]
    public void Native_mode_on_a_driver_without_XDP_is_named()
    {
        Kernel.Require();
        string dummy = $"cfbrt{Guid.NewGuid():N}"[..13];
        Processes.Ok("ip", ["link", "add", dummy, "type", "ifb"]);
        try
        {
            using BpfObject obj = BpfPrograms.Load("counters");
            var error = Assert.Throws<BpfException>(() => obj.GetXdpProgram("xdp_count_test_frames").AttachXdp(dummy, XdpMode.Native));
            Assert.Equal($"The driver of interface '{dummy}' does not support Native XDP: use XdpMode.Generic.", error.Message);
            using XdpLink generic = obj.GetXdpProgram("xdp_count_test_frames").AttachXdp(dummy, XdpMode.Generic);
            Assert.True(generic.IsAttached);
        }
        finally
        {
            Processes.Run("ip", ["link", "del", dummy]);
        }
    }

    internal static void WaitFor(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline)
            Thread.Sleep(20);
    }
}
