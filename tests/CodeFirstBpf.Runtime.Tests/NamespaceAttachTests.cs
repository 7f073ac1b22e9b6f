using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

/// <summary>
/// Attachments made by interface index from a thread inside another network namespace: disposed
/// from a thread in the root namespace, they are removed in the namespace they were made in (an
/// index names an interface only there), and nothing in the root namespace is touched.
/// </summary>
public sealed partial class NamespaceAttachTests
{
    [SkippableFact]
    public void A_clsact_filter_and_a_netlink_xdp_program_attached_inside_another_namespace_are_removed_there()
    {
        Kernel.Require();
        string ns = $"cfb-ns-{Environment.ProcessId}-{Environment.TickCount64 % 100000}";
        Processes.Ok("ip", ["netns", "add", ns]);
        try
        {
            Processes.Ok("ip", ["-n", ns, "link", "add", "cfbns0", "type", "veth", "peer", "name", "cfbns1"]);
            Processes.Ok("ip", ["-n", ns, "link", "set", "cfbns0", "up"]);
            Processes.Ok("ip", ["-n", ns, "link", "set", "cfbns1", "up"]);
            using BpfObject obj = BpfPrograms.Load("counters");
            using BpfObject rewrite = BpfPrograms.Load("rewrite");
            XdpProgram counting = obj.GetXdpProgram("xdp_count_test_frames");
            // Occupied through netlink (bpftool), so a replacing attach takes the netlink path too.
            Processes.Ok("ip", ["netns", "exec", ns, "bpftool", "net", "attach", "xdpgeneric", "id", rewrite.GetXdpProgram("xdp_drop_everything").Id.ToString(), "dev", "cfbns1"]);

            TcLink? tc = null;
            XdpLink? xdp = null;
            InNamespace(ns, () =>
            {
                tc = obj.GetTcProgram("tc_count_ingress").AttachTc("cfbns0", TcDirection.Ingress, priority: 9, mode: TcAttachMode.Clsact);
                xdp = counting.AttachXdp("cfbns1", replace: true);
            });
            Assert.False(xdp!.IsBpfLink);
            Assert.Contains("clsact", Processes.Ok("tc", ["-n", ns, "qdisc", "show", "dev", "cfbns0"]));
            Assert.Contains($"id {tc!.ProgramId} ", Processes.Ok("ip", ["netns", "exec", ns, "tc", "filter", "show", "dev", "cfbns0", "ingress"]));
            Assert.Contains($"id {counting.Id}", Processes.Ok("ip", ["-n", ns, "link", "show", "dev", "cfbns1"]));
            string rootQdiscs = Processes.Ok("tc", ["qdisc", "show"]);

            // Disposed here, in the root namespace, where index 2 or 3 is some other interface.
            tc.Dispose();
            xdp.Dispose();

            Assert.DoesNotContain("clsact", Processes.Ok("tc", ["-n", ns, "qdisc", "show", "dev", "cfbns0"]));
            Assert.DoesNotContain("xdp", Processes.Ok("ip", ["-n", ns, "link", "show", "dev", "cfbns1"]));
            Assert.Equal(rootQdiscs, Processes.Ok("tc", ["qdisc", "show"]));
        }
        finally
        {
            Processes.Run("ip", ["netns", "del", ns]);
        }
    }

    /// <summary>Runs <paramref name="action"/> on a thread that has entered the namespace; the thread ends with it.</summary>
    private static void InNamespace(string ns, Action action)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var file = File.OpenHandle("/run/netns/" + ns);
                if (setns((int)file.DangerousGetHandle(), 0x40000000) != 0)
                    throw new InvalidOperationException($"setns into {ns}: errno {Marshal.GetLastPInvokeError()}");
                action();
            }
            catch (Exception e)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join();
        if (error != null) throw new InvalidOperationException("In namespace " + ns + ": " + error.Message, error);
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int setns(int fd, int namespaceType);
}
