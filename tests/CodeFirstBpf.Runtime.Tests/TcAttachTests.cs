using System.Threading;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

/// <summary>TC ingress and egress on a veth pair of its own, as clsact filters and as TCX links.</summary>
public sealed class TcAttachTests
{
    private const int Frames = 20;

    [SkippableTheory]
    [InlineData(TcAttachMode.Auto)]
    [InlineData(TcAttachMode.Clsact)]
    [InlineData(TcAttachMode.Tcx)]
    public void Ingress_and_egress_programs_count_frames_and_dispose_cleans_up(TcAttachMode mode)
    {
        Kernel.Require();
        if (mode == TcAttachMode.Tcx)
            Kernel.Require(KernelFeature.Tcx);
        using VethPair veth = VethPair.Create();
        using BpfObject obj = BpfPrograms.Load("counters");
        var ingress = new ArrayMap<ulong>(obj, "tc_ingress_seen");
        var egress = new ArrayMap<ulong>(obj, "tc_egress_seen");

        using (TcLink egressLink = obj.GetTcProgram("tc_count_egress").AttachTc(veth.Sender, TcDirection.Egress, mode: mode))
        using (TcLink ingressLink = obj.GetTcProgram("tc_count_ingress").AttachTc(veth.Receiver, TcDirection.Ingress, priority: 7, mode: mode))
        {
            TcAttachMode actual = mode == TcAttachMode.Auto ? TcAttachMode.Clsact : mode;
            Assert.Equal(actual, ingressLink.Mode);
            Assert.Equal(TcDirection.Ingress, ingressLink.Direction);
            if (actual == TcAttachMode.Clsact)
            {
                Assert.Equal(7u, ingressLink.Priority);
                Assert.NotEqual(0u, ingressLink.FilterHandle);
                Assert.Contains("clsact", VethPair.TcQdiscs(veth.Receiver));
                Assert.Contains($"id {ingressLink.ProgramId} ", Processes.Ok("tc", ["filter", "show", "dev", veth.Receiver, "ingress"]));
                Assert.Equal((0, 1), VethPair.BpftoolNet(veth.Receiver));
                Assert.Equal((0, 1), VethPair.BpftoolNet(veth.Sender));
            }
            else
            {
                // This bpftool predates TCX, so `bpftool net` does not list TCX links; its link list does.
                Assert.Equal(1, VethPair.LinksOfProgram(ingressLink.ProgramId));
                Assert.Equal(1, VethPair.LinksOfProgram(egressLink.ProgramId));
            }

            RawFrames.Send(veth.Sender, RawFrames.TestFrame(), Frames);
            XdpAttachTests.WaitFor(() => ingress[0] >= Frames && egress[0] >= Frames);
            Assert.Equal((ulong)Frames, ingress[0]);
            Assert.Equal((ulong)Frames, egress[0]);
        }

        Assert.Equal((0, 0), VethPair.BpftoolNet(veth.Receiver));
        Assert.Equal((0, 0), VethPair.BpftoolNet(veth.Sender));
        Assert.Equal(0, VethPair.LinksOfProgram(obj.GetTcProgram("tc_count_ingress").Id));
        Assert.Equal(0, VethPair.LinksOfProgram(obj.GetTcProgram("tc_count_egress").Id));
        Assert.DoesNotContain("clsact", VethPair.TcQdiscs(veth.Receiver));
        Assert.DoesNotContain("clsact", VethPair.TcQdiscs(veth.Sender));
        RawFrames.Send(veth.Sender, RawFrames.TestFrame(), 3);
        Thread.Sleep(100);
        Assert.Equal((ulong)Frames, ingress[0]);
    }

    [SkippableFact]
    public void A_clsact_qdisc_someone_else_made_stays_and_a_shared_one_lives_until_the_last_filter()
    {
        Kernel.Require();
        using VethPair veth = VethPair.Create();
        using BpfObject obj = BpfPrograms.Load("counters");
        TcProgram ingress = obj.GetTcProgram("tc_count_ingress");
        TcProgram egress = obj.GetTcProgram("tc_count_egress");

        // Ours: the qdisc survives the first filter's removal and goes with the last.
        TcLink first = ingress.AttachTc(veth.Receiver, TcDirection.Ingress, mode: TcAttachMode.Clsact);
        TcLink second = egress.AttachTc(veth.Receiver, TcDirection.Egress, mode: TcAttachMode.Clsact);
        first.Dispose();
        Assert.Contains("clsact", VethPair.TcQdiscs(veth.Receiver));
        Assert.Equal((0, 1), VethPair.BpftoolNet(veth.Receiver));
        second.Dispose();
        Assert.DoesNotContain("clsact", VethPair.TcQdiscs(veth.Receiver));

        // Someone else's: it stays.
        Processes.Ok("tc", ["qdisc", "add", "dev", veth.Sender, "clsact"]);
        using (ingress.AttachTc(veth.Sender, TcDirection.Ingress, mode: TcAttachMode.Clsact))
            Assert.Equal((0, 1), VethPair.BpftoolNet(veth.Sender));
        Assert.Contains("clsact", VethPair.TcQdiscs(veth.Sender));
        Assert.Equal((0, 0), VethPair.BpftoolNet(veth.Sender));
    }

    [SkippableTheory]
    [InlineData(TcAttachMode.Clsact)]
    [InlineData(TcAttachMode.Tcx)]
    public void A_link_swaps_programs_in_place(TcAttachMode mode)
    {
        Kernel.Require();
        if (mode == TcAttachMode.Tcx)
            Kernel.Require(KernelFeature.Tcx);
        using VethPair veth = VethPair.Create();
        using BpfObject obj = BpfPrograms.Load("counters");
        using BpfObject rewrite = BpfPrograms.Load("rewrite");
        var ingress = new ArrayMap<ulong>(obj, "tc_ingress_seen");
        using TcLink link = rewrite.GetTcProgram("tc_clamp_ttl").AttachTc(veth.Receiver, TcDirection.Ingress, priority: 3, mode: mode);
        uint handle = link.FilterHandle;

        link.Update(obj.GetTcProgram("tc_count_ingress"));

        Assert.Equal(obj.GetTcProgram("tc_count_ingress").Id, link.ProgramId);
        Assert.Equal(handle, link.FilterHandle);
        if (mode == TcAttachMode.Clsact)
        {
            string filters = Processes.Ok("tc", ["filter", "show", "dev", veth.Receiver, "ingress"]);
            Assert.Contains($"id {link.ProgramId} ", filters);
            Assert.DoesNotContain($"id {rewrite.GetTcProgram("tc_clamp_ttl").Id} ", filters);
        }
        RawFrames.Send(veth.Sender, RawFrames.TestFrame(), 4);
        XdpAttachTests.WaitFor(() => ingress[0] >= 4);
        Assert.Equal(4ul, ingress[0]);
    }

    [SkippableFact]
    public void Missing_interfaces_give_the_documented_error()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("counters");

        var error = Assert.Throws<BpfException>(() => obj.GetTcProgram("tc_count_ingress").AttachTc("cfbrt-missing", TcDirection.Ingress));
        Assert.Equal("Network interface 'cfbrt-missing' does not exist: check the name with 'ip link show'.", error.Message);
    }
}
