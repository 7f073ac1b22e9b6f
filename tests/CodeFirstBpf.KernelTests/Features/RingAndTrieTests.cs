using System;
using System.Collections.Generic;
using System.Net;
using CodeFirstBpf.KernelTests.Differential;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>Ring buffer and LPM trie declared in C#, lowered, loaded and run in the kernel.</summary>
public class RingAndTrieTests
{
    private static byte[] Frame(string source, string destination, byte protocol, int length = 64)
    {
        var f = new byte[length];
        f[12] = 0x08;
        f[14] = 0x45;
        f[23] = protocol;
        IPAddress.Parse(source).GetAddressBytes().CopyTo(f, 26);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(f, 30);
        return f;
    }

    private static uint Net(string address) => BitConverter.ToUInt32(IPAddress.Parse(address).GetAddressBytes());

    [SkippableFact]
    public void Events_reach_userspace_and_routes_match_the_longest_prefix()
    {
        Kernel.Require(KernelFeature.RingBuffer);
        using var loaded = RingAndTrie.Load();
        var routes = loaded.Maps.Routes;
        routes.Update(8, Net("10.0.0.0"), 1);
        routes.Update(24, Net("10.1.2.0"), 2);
        var program = loaded.Programs.Report;

        Assert.Equal(XdpAction.Pass, program.TestRun(Frame("192.0.2.1", "10.1.2.3", 17, 70)).Action);   // UDP: Output
        Assert.Equal(XdpAction.Pass, program.TestRun(Frame("192.0.2.2", "10.9.9.9", 6, 80)).Action);    // TCP: Reserve + Submit
        Assert.Equal(XdpAction.Drop, program.TestRun(Frame("192.0.2.3", "10.1.2.3", 1)).Action);        // ICMP: Reserve + Discard
        Assert.Equal(XdpAction.Pass, program.TestRun(Frame("192.0.2.4", "172.16.0.1", 17, 90)).Action); // no route

        var events = new List<FrameEvent>();
        loaded.Maps.Events.Consume();
        while (loaded.Maps.Events.TryRead(out var e)) events.Add(e);

        Assert.Equal(3, events.Count);
        Assert.Equal((Net("192.0.2.1"), (ushort)70, (byte)17, (byte)2), (events[0].Source, events[0].Length, events[0].Protocol, events[0].Route));
        Assert.Equal((Net("192.0.2.2"), (ushort)80, (byte)6, (byte)1), (events[1].Source, events[1].Length, events[1].Protocol, events[1].Route));
        Assert.Equal((Net("192.0.2.4"), (ushort)90, (byte)17, (byte)0), (events[2].Source, events[2].Length, events[2].Protocol, events[2].Route));
    }
}
