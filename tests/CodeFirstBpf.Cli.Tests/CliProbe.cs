using System.Runtime.InteropServices;
using CodeFirstBpf;
using CodeFirstBpf.Net;

namespace CodeFirstBpf.Cli.Tests;

/// <summary>A source endpoint, the key the CLI must print with its field names.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Endpoint
{
    public uint Address;
    public ushort Port;
    public byte Protocol;
    public byte Pad;
}

/// <summary>Per-endpoint counters.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Counters
{
    public ulong Packets;
    public ulong Bytes;
    public int Last;
}

/// <summary>
/// The program the CLI tests drive: counts IPv4 frames per source, drops sources listed in
/// <see cref="Blocked"/> (seeded by <c>test-run --maps</c>), and prints each frame's length with
/// <c>Bpf.Printk</c> (read back by <c>cfbpf trace</c>).
/// </summary>
public static unsafe partial class CliProbe
{
    static readonly HashMap<Endpoint, Counters> Stats = new(1024);
    static readonly HashMap<uint, byte> Blocked = new(64);
    static readonly PerCpuArrayMap<ulong> Hits = new(4);

    [Xdp]
    public static XdpAction Count(XdpContext ctx)
    {
        byte* d = ctx.Data;
        if (d + 14 + sizeof(IPv4Header) > ctx.DataEnd) return XdpAction.Pass;
        var ip = (IPv4Header*)(d + 14);
        ulong* hits = Hits.Lookup(0);
        if (hits != null) *hits += 1;
        Bpf.Printk("cfb-probe len=%d proto=%d", ctx.DataEnd - ctx.Data, ip->Protocol);
        if (Blocked.Lookup(ip->SourceAddress) != null) return XdpAction.Drop;
        var key = new Endpoint { Address = ip->SourceAddress, Protocol = ip->Protocol };
        Counters* c = Stats.Lookup(key);
        if (c == null)
        {
            var fresh = new Counters { Packets = 1, Bytes = (ulong)(ctx.DataEnd - ctx.Data), Last = -1 };
            Stats.Update(key, fresh, MapUpdate.Any);
        }
        else
        {
            c->Packets++;
            c->Bytes += (ulong)(ctx.DataEnd - ctx.Data);
        }
        return XdpAction.Pass;
    }

    /// <summary>A TC program for the attach tests: marks every packet.</summary>
    [Tc]
    public static TcAction Mark(TcContext ctx)
    {
        ctx.Mark = 0xCFB;
        return TcAction.Ok;
    }
}
