using CodeFirstBpf;
using CodeFirstBpf.Testing;
using MyXdp.Programs;
using Xunit;

namespace MyXdp.Tests;

/// <summary>The program run as plain .NET: no root, no kernel, the same C# the kernel runs.</summary>
public unsafe class FilterTests
{
    private static byte[] Ipv4(byte protocol, byte lastSourceByte)
    {
        var frame = new byte[64];
        frame[12] = 0x08; frame[13] = 0x00;            // EtherType IPv4
        frame[14] = 0x45; frame[23] = protocol;        // IPv4, 20-byte header
        frame[26] = 10; frame[27] = 0; frame[28] = 0; frame[29] = lastSourceByte;
        return frame;
    }

    [Fact]
    public void Icmp_is_dropped_and_counted_per_source()
    {
        using var packet = XdpTestContext.FromPacket(Ipv4(protocol: 1, lastSourceByte: 7));
        Assert.Equal(XdpAction.Drop, Filter.DropIcmp(packet.Context));
        Assert.True(Filter.DropsBySource.Lookup(0x0700000A) != null);
    }

    [Fact]
    public void Udp_passes()
    {
        using var packet = XdpTestContext.FromPacket(Ipv4(protocol: 17, lastSourceByte: 8));
        Assert.Equal(XdpAction.Pass, Filter.DropIcmp(packet.Context));
    }
}
