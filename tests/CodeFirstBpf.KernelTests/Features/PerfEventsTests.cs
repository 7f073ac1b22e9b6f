using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CodeFirstBpf.KernelTests.Differential;
using CodeFirstBpf.Runtime;
using CodeFirstBpf.Testing;
using Xunit;
using Xunit.Abstractions;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>
/// The perf buffer reader against the kernel: <see cref="PerfEvents"/> outputs from XDP test runs
/// pinned to chosen CPUs, and <c>PerfEventArrayMap&lt;T&gt;</c> reads back exactly those events with
/// the CPU each came from, streams them, and reports the events a full buffer lost.
/// </summary>
public class PerfEventsTests
{
    private readonly ITestOutputHelper _output;

    public PerfEventsTests(ITestOutputHelper output) => _output = output;

    private static byte[] Frame(byte first, int length)
    {
        var frame = new byte[length];
        frame[0] = first;
        return frame;
    }

    /// <summary>The first and the last CPU this thread may use (one when only one is allowed).</summary>
    private static int[] SomeCpus()
    {
        int[] allowed = CpuPinning.Allowed();
        return allowed.Length == 1 ? allowed : [allowed[0], allowed[^1]];
    }

    /// <summary>Loads <see cref="PerfEvents"/>; disposing it closes the reader too (the generated Loaded.Dispose does).</summary>
    private static PerfEvents.Loaded Open(out Runtime.PerfEventArrayMap<Announcement> events, out XdpProgram program)
    {
        Kernel.Require();
        var loaded = PerfEvents.Load();
        events = loaded.Maps.Events;
        program = loaded.Programs.Announce;
        return loaded;
    }

    private static List<PerfEvent<Announcement>> Drain(Runtime.PerfEventArrayMap<Announcement> events, int expected)
    {
        var records = new List<PerfEvent<Announcement>>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (records.Count < expected && DateTime.UtcNow < deadline)
        {
            events.Poll(TimeSpan.FromMilliseconds(200));
            while (events.TryRead(out var r)) records.Add(r);
        }
        return records;
    }

    [SkippableFact]
    public void Every_event_arrives_once_with_the_cpu_it_was_output_on()
    {
        using var loaded = Open(out var events, out var program);

        // No reader yet: the CPU's slot is empty and bpf_perf_event_output says -ENOENT.
        Assert.Equal(XdpAction.Drop, program.TestRun(Frame(9, 60)).Action);
        Assert.Equal(0, events.Consume()); // opens a buffer on every CPU

        var expected = new List<PerfEvent<Announcement>>();
        uint sequence = 1;
        foreach (int cpu in SomeCpus())
        {
            using (CpuPinning.ToCpu(cpu))
                Assert.Equal(XdpAction.Pass, program.TestRun(Frame((byte)(cpu + 1), 60 + cpu), repeat: 3).Action);
            for (int i = 0; i < 3; i++)
                expected.Add(new PerfEvent<Announcement>(cpu, new Announcement { Sequence = sequence++, Cpu = (uint)cpu, Length = (uint)(60 + cpu), First = (uint)(cpu + 1) }));
        }

        var read = Drain(events, expected.Count);
        Assert.Equal(expected, read.OrderBy(r => r.Value.Sequence));
        Assert.Equal(0, events.Poll(TimeSpan.Zero));
        Assert.Throws<InvalidOperationException>(() => events.PagesPerCpu = 4);
    }

    [SkippableFact]
    public async Task ReadAllAsync_streams_events_until_cancelled()
    {
        using var loaded = Open(out var events, out var program);
        events.Consume();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var producer = Task.Run(async () =>
        {
            for (int i = 0; i < 5; i++)
            {
                program.TestRun(Frame((byte)i, 64));
                await Task.Delay(20);
            }
        });
        // A producer that fails ends the wait at once, with its own exception rather than a cancellation.
        _ = producer.ContinueWith(_ => cancellation.Cancel(), TaskContinuationOptions.OnlyOnFaulted);
        var read = new List<PerfEvent<Announcement>>();
        try
        {
            await foreach (var record in events.ReadAllAsync(cancellation.Token))
            {
                read.Add(record);
                if (read.Count == 5) break;
            }
        }
        catch (OperationCanceledException)
        {
            if (producer.IsFaulted) await producer;
            Assert.Fail($"only {read.Count} of 5 events arrived in 10 s (firsts: {string.Join(",", read.Select(r => r.Value.First))}; producer {producer.Status})");
        }
        await producer;

        Assert.Equal(new uint[] { 0, 1, 2, 3, 4 }, read.Select(r => r.Value.First).Order());
        Assert.All(read, r => Assert.Equal((uint)r.Cpu, r.Value.Cpu));
        Assert.All(read, r => Assert.False(r.IsLost));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in events.ReadAllAsync(cancelled.Token))
            {
            }
        });
    }

    [SkippableFact]
    public void A_full_buffer_reports_exactly_how_many_events_it_lost()
    {
        using var loaded = Open(out var events, out var program);
        Assert.Throws<ArgumentOutOfRangeException>(() => events.PagesPerCpu = 3);
        events.PagesPerCpu = 1; // 4096 bytes: about 170 of these 16-byte events with their headers
        events.Consume();
        int cpu = SomeCpus()[^1];
        const int Burst = 1000;

        using (CpuPinning.ToCpu(cpu))
            program.TestRun(Frame(1, 60), repeat: Burst);
        uint failed = loaded.Maps.Failures[0];
        Assert.InRange(failed, 1u, Burst - 1u);
        _output.WriteLine($"{Burst} outputs on CPU {cpu} into a 1-page buffer: {Burst - failed} kept, {failed} lost");
        var kept = Drain(events, Burst - (int)failed);
        Assert.Equal(Enumerable.Range(0, Burst - (int)failed).Select(i => (uint)i), kept.Select(r => r.Value.Sequence));
        Assert.All(kept, r => Assert.Equal(cpu, r.Cpu));

        // The kernel writes the lost count ahead of the next event that fits.
        using (CpuPinning.ToCpu(cpu))
            Assert.Equal(XdpAction.Pass, program.TestRun(Frame(2, 60)).Action);
        var after = Drain(events, 2);
        Assert.Equal([PerfEvent<Announcement>.Lost(cpu, failed), new PerfEvent<Announcement>(cpu, new Announcement { Sequence = Burst, Cpu = (uint)cpu, Length = 60, First = 2 })], after);
    }

    [SkippableFact]
    public void Reading_events_allocates_nothing_once_warm()
    {
        using var loaded = Open(out var events, out var program);
        byte[] frame = Frame(3, 60);
        events.Consume();

        // Only the reader is measured: TestRun itself returns the output packet as a new array.
        long allocated = 0;
        int read = 0;
        for (int round = 0; round < 11; round++)
        {
            program.TestRun(frame, repeat: 20);
            long before = GC.GetAllocatedBytesForCurrentThread();
            events.Consume();
            while (events.TryRead(out var r))
                read += r.Value.First == 3 ? 1 : 0;
            if (round > 0) allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.Equal(11 * 20, read);
        Assert.Equal(0, allocated);
    }

    [SkippableFact]
    public void Disposing_the_loaded_object_closes_its_perf_buffers()
    {
        using var loaded = Open(out var events, out _);
        events.Consume();
        loaded.Dispose(); // explicitly, before the end of the scope (a second Dispose does nothing)
        // The reader (its libbpf perf buffer and its hold on the map's descriptor) went with the object.
        Assert.Throws<ObjectDisposedException>(() => events.Consume());
    }

    [Fact]
    public void Output_run_as_dotnet_queues_the_event_for_the_test_to_read()
    {
        int cpu = SomeCpus()[0];
        using (CpuPinning.ToCpu(cpu))
        using (var ctx = XdpTestContext.FromPacket(Frame(7, 64)))
            Assert.Equal(XdpAction.Pass, PerfEvents.Announce(ctx));
        Assert.True(PerfEvents.Events.TryRead(out var e));
        Assert.Equal((7u, 64u, (uint)cpu), (e.First, e.Length, e.Cpu));
        Assert.False(PerfEvents.Events.TryRead(out _));
    }
}
