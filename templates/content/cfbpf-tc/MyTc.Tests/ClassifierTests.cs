using CodeFirstBpf;
using CodeFirstBpf.Testing;
using MyTc.Programs;
using Xunit;

namespace MyTc.Tests;

/// <summary>The program run as plain .NET: no root, no kernel, the same C# the kernel runs.</summary>
public unsafe class ClassifierTests
{
    private static byte[] Udp(ushort destinationPort)
    {
        var frame = new byte[64];
        frame[12] = 0x08; frame[13] = 0x00;                                // EtherType IPv4
        frame[14] = 0x45; frame[23] = 17;                                  // IPv4, UDP
        frame[36] = (byte)(destinationPort >> 8); frame[37] = (byte)destinationPort;
        return frame;
    }

    [Fact]
    public void Udp_is_marked_with_its_port_and_counted()
    {
        using var packet = TcTestContext.FromPacket(Udp(5353));
        Assert.Equal(TcAction.Ok, Classifier.Classify(packet.Context));
        Assert.Equal(5353u, packet.Context.Mark);
        Assert.True(Classifier.PacketsByPort.Lookup(5353) != null);
    }
}
