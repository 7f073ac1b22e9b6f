using System;
using System.Linq;
using CodeFirstBpf.KernelTests.Differential;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>Program arrays, redirect maps, queues, stacks and perf event arrays declared in C#, lowered, loaded and run in the kernel.</summary>
public class MapKindsTests
{
    private static byte[] Frame(byte first)
    {
        var f = new byte[64];
        f[0] = first;
        return f;
    }

    [SkippableFact]
    public void TailCall_runs_the_program_put_in_the_array_and_falls_through_when_the_slot_is_empty()
    {
        Kernel.Require();
        using var loaded = MapKinds.Load();
        loaded.Maps.Jumps.Set(1, loaded.Programs.Dropper);
        loaded.Maps.Jumps.Set(2, loaded.Programs.Bouncer);
        var dispatch = loaded.Programs.Dispatch;
        Assert.Equal(XdpAction.Drop, dispatch.TestRun(Frame(1)).Action);
        Assert.Equal(XdpAction.Tx, dispatch.TestRun(Frame(2)).Action);
        Assert.Equal(XdpAction.Pass, dispatch.TestRun(Frame(3)).Action);   // empty slot
        Assert.Equal(XdpAction.Pass, dispatch.TestRun(Frame(200)).Action); // out of range
        loaded.Maps.Jumps.Remove(1);
        Assert.Equal(XdpAction.Pass, dispatch.TestRun(Frame(1)).Action);
    }

    [SkippableFact]
    public void DevMap_redirects_when_the_key_is_present_and_returns_the_fallback_when_absent()
    {
        Kernel.Require();
        using var loaded = MapKinds.Load();
        loaded.Maps.Ports.Set(3, 1); // the loopback interface
        Assert.True(loaded.Maps.Ports.TryGetValue(3, out uint ifIndex));
        Assert.Equal(1u, ifIndex);
        Assert.Equal(XdpAction.Redirect, loaded.Programs.ToPort.TestRun(Frame(3)).Action);
        Assert.Equal(XdpAction.Pass, loaded.Programs.ToPort.TestRun(Frame(4)).Action);
        Assert.Equal(XdpAction.Redirect, loaded.Programs.ToInterface.TestRun(Frame(1)).Action);
    }

    [SkippableFact]
    public void CpuMap_and_XskMap_redirect_or_fall_back()
    {
        Kernel.Require();
        using var loaded = MapKinds.Load();
        Assert.Equal(XdpAction.Drop, loaded.Programs.ToCpu.TestRun(Frame(0)).Action);
        loaded.Maps.Cpus.Set(0, 192);
        Assert.Equal(XdpAction.Redirect, loaded.Programs.ToCpu.TestRun(Frame(0)).Action);
        Assert.Equal(XdpAction.Aborted, loaded.Programs.ToSocket.TestRun(Frame(0)).Action); // no socket: the default fallback
    }

    [SkippableFact]
    public void Queue_and_stack_pushed_in_bpf_pop_in_order_in_userspace()
    {
        Kernel.Require();
        using var loaded = MapKinds.Load();
        foreach (byte b in new byte[] { 1, 2, 3 })
            Assert.Equal(XdpAction.Pass, loaded.Programs.PushFirstByte.TestRun(Frame(b)).Action);
        Assert.True(loaded.Maps.Fifo.TryPeek(out uint head));
        Assert.Equal(1u, head);
        var fifo = Enumerable.Range(0, 3).Select(_ => loaded.Maps.Fifo.TryPop(out uint v) ? v : 0).ToArray();
        var lifo = Enumerable.Range(0, 3).Select(_ => loaded.Maps.Lifo.TryPop(out uint v) ? v : 0).ToArray();
        Assert.Equal(new uint[] { 1, 2, 3 }, fifo);
        Assert.Equal(new uint[] { 3, 2, 1 }, lifo);
        Assert.False(loaded.Maps.Fifo.TryPop(out _));

        // Full: the fifth push fails in BPF code (Drop) and from userspace (false).
        for (byte b = 0; b < 4; b++) Assert.Equal(XdpAction.Pass, loaded.Programs.PushFirstByte.TestRun(Frame(b)).Action);
        Assert.Equal(XdpAction.Drop, loaded.Programs.PushFirstByte.TestRun(Frame(9)).Action);
        Assert.False(loaded.Maps.Lifo.Push(9));
        Assert.True(loaded.Maps.Lifo.Push(9, MapUpdate.Exist));
    }

    [SkippableFact]
    public void Queue_pushed_in_userspace_pops_in_bpf()
    {
        Kernel.Require();
        using var loaded = MapKinds.Load();
        Assert.True(loaded.Maps.Fifo.Push(7));
        Assert.True(loaded.Maps.Fifo.Push(8));
        var first = loaded.Programs.PopQueue.TestRun(Frame(0));
        Assert.Equal(XdpAction.Tx, first.Action);
        Assert.Equal(7, first.Packet[0]);
        Assert.Equal(8, loaded.Programs.PopQueue.TestRun(Frame(0)).Packet[0]);
        Assert.Equal(XdpAction.Pass, loaded.Programs.PopQueue.TestRun(Frame(0)).Action); // empty; the out value stayed 0
    }

    [SkippableFact]
    public void Perf_event_array_is_sized_per_cpu_and_output_runs()
    {
        Kernel.Require();
        using var loaded = MapKinds.Load();
        Assert.Equal(BpfMapType.PerfEventArray, loaded.Maps.Events.Handle.MapType);
        Assert.True(loaded.Maps.Events.MaxEntries >= (uint)Environment.ProcessorCount);
        // No perf buffer is open on this CPU, so the kernel answers -ENOENT: the helper ran.
        Assert.Equal(XdpAction.Drop, loaded.Programs.Announce.TestRun(Frame(5)).Action);
    }

    [Fact]
    public unsafe void The_same_maps_work_when_run_as_dotnet()
    {
        byte[] frame = Frame(3);
        fixed (byte* b = frame)
        {
            var md = new XdpMetadata { Data = b, DataEnd = b + frame.Length, DataMeta = b };
            var ctx = new XdpContext(&md);
            Assert.Equal(XdpAction.Pass, MapKinds.Dispatch(ctx)); // TailCall returns in .NET
            Assert.Equal(XdpAction.Pass, MapKinds.ToPort(ctx));
            Assert.Equal(XdpAction.Aborted, MapKinds.ToSocket(ctx));
            Assert.Equal(XdpAction.Pass, MapKinds.PushFirstByte(ctx));
            b[0] = 4;
            Assert.Equal(XdpAction.Pass, MapKinds.PushFirstByte(ctx));
            Assert.Equal(XdpAction.Tx, MapKinds.PopQueue(ctx));
            Assert.Equal(3, b[0]);
            Assert.Equal(XdpAction.Pass, MapKinds.Announce(ctx));
        }
        var stack = new StackMap<int>(2);
        var queue = new QueueMap<int>(2);
        foreach (int v in new[] { 1, 2 }) { stack.Push(v); queue.Push(v); }
        Assert.Equal(-7, queue.Push(3));
        Assert.Equal(0, queue.Push(3, MapUpdate.Exist));
        Assert.True(stack.TryPop(out int s) && s == 2);
        Assert.True(queue.TryPop(out int q) && q == 2);
        var ports = new DevMap(4);
        ports.Set(1, 10);
        Assert.Equal(XdpAction.Redirect, ports.Redirect(1));
        Assert.Equal(XdpAction.Drop, ports.Redirect(2, XdpAction.Drop));
    }
}
