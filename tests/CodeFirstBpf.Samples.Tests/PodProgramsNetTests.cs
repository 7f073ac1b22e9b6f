using System.Buffers.Binary;
using CodeFirstBpf;
using CodeFirstBpf.Testing;
using PodDataplane;
using PodDataplane.Config;
using Xunit;

namespace CodeFirstBpf.Samples.Tests;

/// <summary>
/// PodDataplane's TC program run as .NET (no kernel): a SYN to the VIP leaves DNAT'd to the backend
/// with both checksums still valid, TTL decremented, the route's MACs and a redirect verdict; the
/// backend's SYN-ACK comes back SNAT'd to the VIP; a port policy does not allow is shot.
/// </summary>
public class PodProgramsNetTests
{
    private const string Client = "198.51.100.10", Vip = "192.0.2.80", Backend = "198.51.100.21";

    [Fact]
    public void Dnat_reverse_nat_and_policy_as_dotnet()
    {
        PodPrograms.Frontends.Update(new FrontendKey { Address = Parse.Address(Vip, "t"), Port = Parse.Port(80), Protocol = 6 }, new ServiceEntry { Id = 7, Count = 1 });
        PodPrograms.Backends.Update(new BackendKey { Service = 7, Ordinal = 0 }, new BackendEntry { Address = Parse.Address(Backend, "t"), Port = Parse.Port(8080) });
        PodPrograms.PolicySources.Update(new LpmKey<uint> { PrefixLength = 32, Data = Parse.Address(Client, "t") }, 3);
        PodPrograms.PolicyRules.Update(new RuleKey { Policy = 3, Port = Parse.Port(8080), Protocol = 6 }, PodPrograms.ActionAllow);
        var macs = new byte[12] { 2, 0xcf, 0xb0, 0, 2, 1, 2, 0xcf, 0xb0, 0, 0xff, 1 };
        var toBackend = new RouteEntry
        {
            Flags = PodPrograms.RouteLocalWorkload, IfIndex = 42,
            Mac0 = BinaryPrimitives.ReadUInt32LittleEndian(macs), Mac1 = BinaryPrimitives.ReadUInt32LittleEndian(macs.AsSpan(4)), Mac2 = BinaryPrimitives.ReadUInt32LittleEndian(macs.AsSpan(8)),
        };
        PodPrograms.Routes.Update(new LpmKey<uint> { PrefixLength = 32, Data = Parse.Address(Backend, "t") }, toBackend);
        PodPrograms.Routes.Update(new LpmKey<uint> { PrefixLength = 32, Data = Parse.Address(Client, "t") }, toBackend with { IfIndex = 43 });

        using (var syn = TcTestContext.FromPacket(TcpFrame(Client, 40000, Vip, 80, flags: 0x02)))
        {
            Assert.Equal(7, (int)PodPrograms.FromWorkload(syn));
            byte[] p = syn.Packet.ToArray();
            Assert.Equal(macs, p[..12]);
            Assert.Equal(Backend, Address(p, 30));
            Assert.Equal(8080, BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(36)));
            Assert.Equal(63, p[22]);
            AssertChecksumsValid(p);
        }
        using (var synAck = TcTestContext.FromPacket(TcpFrame(Backend, 8080, Client, 40000, flags: 0x12)))
        {
            Assert.Equal(7, (int)PodPrograms.FromWorkload(synAck));
            byte[] p = synAck.Packet.ToArray();
            Assert.Equal(Vip, Address(p, 26));
            Assert.Equal(80, BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(34)));
            AssertChecksumsValid(p);
        }
        using (var denied = TcTestContext.FromPacket(TcpFrame(Client, 40001, Backend, 9090, flags: 0x02)))
            Assert.Equal(TcAction.Shot, PodPrograms.FromWorkload(denied));
    }

    private static string Address(byte[] p, int at) => new System.Net.IPAddress(p.AsSpan(at, 4)).ToString();

    private static byte[] TcpFrame(string source, int sourcePort, string destination, int destinationPort, byte flags)
        => Frames.Tcp(source, sourcePort, destination, destinationPort, flags);

    private static void AssertChecksumsValid(byte[] p)
    {
        Assert.Equal(0, Frames.Checksum(p.AsSpan(14, 20), 0));
        Assert.Equal(0, Frames.Checksum(p.AsSpan(34, 20), Frames.PseudoHeader(p)));
    }
}
