using System;
using System.Threading;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

/// <summary>Missing privileges, provoked by dropping capabilities on one thread.</summary>
public sealed class PrivilegeTests
{
    private const string Fix = "run as root or grant the process CAP_BPF and CAP_NET_ADMIN (CAP_SYS_ADMIN on kernels older than 5.8).";

    [SkippableFact]
    public void Loading_without_CAP_BPF_says_how_to_get_it()
    {
        Kernel.Require();
        byte[] elf = BpfPrograms.Elf("rewrite");

        Exception? error = RunWithout([Capabilities.Bpf, Capabilities.SysAdmin, Capabilities.Perfmon, Capabilities.NetAdmin],
            () => BpfObject.Load(elf, "rewrite").Dispose());

        var bpf = Assert.IsType<BpfException>(error);
        Assert.Equal($"Loading BPF object 'rewrite' was not permitted: {Fix}", bpf.Message);
        Assert.Equal(1, bpf.Errno);
    }

    // Attaching without CAP_NET_ADMIN is not provoked here: where the network namespace belongs
    // to a user namespace the process owns (containers), the kernel grants CAP_NET_ADMIN there
    // whatever the thread's effective set says. The EPERM message is the same code path.

    private static Exception? RunWithout(int[] capabilities, Action action)
    {
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            using (Capabilities.DropEffective(capabilities))
            {
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    caught = e;
                }
            }
        });
        thread.Start();
        thread.Join();
        return caught;
    }
}
