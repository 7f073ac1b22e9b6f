using System.Buffers.Binary;
using System.Linq;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

public sealed class LpmTrieTests
{
    private static uint Address(byte a, byte b, byte c, byte d) => BinaryPrimitives.ReadUInt32LittleEndian([a, b, c, d]);

    private static byte[] FromSource(byte a, byte b, byte c, byte d)
    {
        byte[] frame = Packets.Ipv4(6);
        frame[26] = a; frame[27] = b; frame[28] = c; frame[29] = d;
        return frame;
    }

    [SkippableFact]
    public void The_longest_prefix_wins_in_user_space_and_in_the_program()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("routes");
        var routes = new LpmTrieMap<uint, uint>(obj, "routes");
        XdpProgram program = obj.GetXdpProgram("xdp_route_by_source");

        Assert.True(routes.Update(8, Address(10, 0, 0, 0), (uint)XdpAction.Drop));
        Assert.True(routes.Update(32, Address(10, 0, 0, 1), (uint)XdpAction.Tx));

        Assert.True(routes.TryMatch(Address(10, 9, 9, 9), out uint wide) && wide == (uint)XdpAction.Drop);
        Assert.True(routes.TryMatch(Address(10, 0, 0, 1), out uint narrow) && narrow == (uint)XdpAction.Tx);
        Assert.False(routes.TryMatch(Address(11, 0, 0, 1), out _));
        Assert.Equal(XdpAction.Tx, program.TestRun(FromSource(10, 0, 0, 1)).Action);
        Assert.Equal(XdpAction.Drop, program.TestRun(FromSource(10, 0, 0, 2)).Action);
        Assert.Equal(XdpAction.Pass, program.TestRun(FromSource(192, 168, 0, 1)).Action);

        Assert.Equal(
            [(8u, Address(10, 0, 0, 0), 1u), (32u, Address(10, 0, 0, 1), 3u)],
            routes.Select(e => (e.PrefixLength, e.Data, e.Value)).OrderBy(e => e.PrefixLength));
        Assert.False(routes.Remove(16, Address(10, 0, 0, 0)));
        Assert.True(routes.Remove(32, Address(10, 0, 0, 1)));
        Assert.Equal(XdpAction.Drop, program.TestRun(FromSource(10, 0, 0, 1)).Action);
        Assert.Throws<System.ArgumentOutOfRangeException>(() => routes.Update(33, 0, 0));
        var size = Assert.Throws<BpfException>(() => new LpmTrieMap<ulong, uint>(obj, "routes"));
        Assert.Equal("Map 'routes' has 8-byte keys, but a UInt64 prefix key is 16 bytes: declare the key type the map was built with.", size.Message);
    }
}
