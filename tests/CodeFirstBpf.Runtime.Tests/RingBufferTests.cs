using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

/// <summary>Mirrors struct packet_event in Bpf/ringbuf.c.</summary>
[StructLayout(LayoutKind.Sequential)]
public record struct PacketEvent(uint Length, uint Protocol, ulong Sequence);

public sealed class RingBufferTests
{
    [SkippableFact]
    public void Polling_reads_events_in_order()
    {
        Kernel.Require(KernelFeature.RingBuffer);
        using BpfObject obj = BpfPrograms.Load("ringbuf");
        using var events = new RingBufferMap<PacketEvent>(obj, "events");
        XdpProgram program = obj.GetXdpProgram("xdp_report");

        Assert.Equal(0, events.Consume());
        Assert.False(events.TryRead(out _));
        program.TestRun(Packets.Arp(), repeat: 3);
        program.TestRun(Packets.Ipv4(6));

        Assert.Equal(4, events.Poll(TimeSpan.FromSeconds(1)));
        var read = new List<PacketEvent>();
        while (events.TryRead(out PacketEvent e))
            read.Add(e);
        Assert.Equal(
            [new PacketEvent(60, 0x0806, 0), new PacketEvent(60, 0x0806, 1), new PacketEvent(60, 0x0806, 2), new PacketEvent(42, 0x0800, 3)],
            read);
        Assert.Equal(0, events.Poll(TimeSpan.Zero));
    }

    [SkippableFact]
    public async Task ReadAllAsync_streams_events_until_cancelled()
    {
        Kernel.Require(KernelFeature.RingBuffer);
        using BpfObject obj = BpfPrograms.Load("ringbuf");
        using var events = new RingBufferMap<PacketEvent>(obj, "events");
        XdpProgram program = obj.GetXdpProgram("xdp_report");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var producer = Task.Run(async () =>
        {
            for (int i = 0; i < 5; i++)
            {
                program.TestRun(Packets.Arp());
                await Task.Delay(20);
            }
        });
        var sequences = new List<ulong>();
        await foreach (PacketEvent e in events.ReadAllAsync(cancellation.Token))
        {
            sequences.Add(e.Sequence);
            if (sequences.Count == 5)
                break;
        }
        await producer;

        Assert.Equal([0ul, 1, 2, 3, 4], sequences);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (PacketEvent _ in events.ReadAllAsync(cancelled.Token))
            {
            }
        });
    }

    [SkippableFact]
    public void A_ring_buffer_is_not_a_hash()
    {
        Kernel.Require(KernelFeature.RingBuffer);
        using BpfObject obj = BpfPrograms.Load("ringbuf");
        Assert.Throws<BpfException>(() => new RingBufferMap<PacketEvent>(obj, "sequence"));
        Assert.Throws<BpfException>(() => new HashMap<uint, uint>(obj, "events"));
    }
}
