using System.Collections.Generic;
using static CodeFirstBpf.KernelTests.Frames.ControlFrames;
using static CodeFirstBpf.KernelTests.Frames.Protocols;

namespace CodeFirstBpf.KernelTests.Frames;

/// <summary>
/// The frames of <c>L4Balancer</c>: control frames that set up six VIPs, seven reals and four
/// rings, then traffic that opens flows (SYN), continues them (connection-table hits), continues
/// flows the table has not seen, hits the port-0 wildcard VIP, encapsulates IPIP, 4in6 and IP6IP6,
/// meets an invalid real and a family mismatch, answers pings to VIPs, and misses.
/// </summary>
internal static class BalancerFrames
{
    private const string Vip0 = "10.0.0.100", Vip1 = "10.0.0.101", Vip3 = "10.0.0.102", Vip6 = "2001:db8:f::1", Gone = "10.0.0.103";
    private const byte VipSourceHash = 1, VipNoLru = 2;
    private const uint RealValid = 1, RealIpv6 = 2;

    public static IEnumerable<(string Name, Packet Packet)> All()
    {
        foreach (var f in Setup()) yield return f;
        foreach (var f in Traffic()) yield return f;
    }

    private static Packet Vip(byte op, string address, int port, byte protocol, byte flags, uint number)
        => Control(op, 0, Concat(Address16(address), Be16(port), [protocol, flags], Le32(number)));

    private static Packet Real(uint index, string address, uint flags)
        => Control(2, 0, Concat(Le32(index), Address16(address), Le32(flags)));

    private static Packet Ring(uint vip, uint first, params uint[] reals)
    {
        var slots = new uint[8];
        reals.CopyTo(slots, 0);
        return Control(3, (byte)reals.Length, Concat(Le32(vip), Le32(first), Words(slots)));
    }

    private static IEnumerable<(string, Packet)> Setup()
    {
        yield return ("lb-vip-0-tcp-80", Vip(1, Vip0, 80, Tcp, 0, 0));
        yield return ("lb-vip-1-udp-any", Vip(1, Vip1, 0, Udp, VipSourceHash, 1));
        yield return ("lb-vip-2-tcp6-443", Vip(1, Vip6, 443, Tcp, 0, 2));
        yield return ("lb-vip-3-tcp-8000-nolru", Vip(1, Vip3, 8000, Tcp, VipNoLru, 3));
        yield return ("lb-vip-4-icmp", Vip(1, Vip0, 0, Icmp, 0, 4));
        yield return ("lb-vip-5-icmp6", Vip(1, Vip6, 0, Icmpv6, 0, 5));
        yield return ("lb-vip-6-gone", Vip(1, Gone, 80, Tcp, 0, 6));
        yield return ("lb-vip-6-delete", Vip(4, Gone, 80, Tcp, 0, 6));
        yield return ("lb-vip-number-8", Vip(1, Gone, 81, Tcp, 0, 8));
        for (uint i = 0; i < 4; i++) yield return ($"lb-real-{i}", Real(i, $"10.1.0.{i + 1}", RealValid));
        yield return ("lb-real-4-v6", Real(4, "2001:db8:100::1", RealValid | RealIpv6));
        yield return ("lb-real-5-v6", Real(5, "2001:db8:100::2", RealValid | RealIpv6));
        yield return ("lb-real-6-invalid", Real(6, "10.1.0.7", 0));
        yield return ("lb-real-64", Real(64, "10.1.0.64", RealValid));
        yield return ("lb-ring-0-a", Ring(0, 0, 0, 1, 2, 3, 6, 1, 2, 3));
        yield return ("lb-ring-0-b", Ring(0, 8, 0, 1, 2, 3, 0, 1, 2, 3));
        yield return ("lb-ring-0-wrap", Ring(0, 30, 3, 2, 1, 0));
        yield return ("lb-ring-1", Ring(1, 0, 4, 5, 0, 1, 4, 5, 0, 1));
        yield return ("lb-ring-1-b", Ring(1, 8, 1, 0, 5, 4, 1, 0, 5, 4));
        yield return ("lb-ring-2", Ring(2, 0, 4, 5, 4, 5, 0, 4, 5, 4));
        yield return ("lb-ring-2-b", Ring(2, 8, 5, 4, 5, 4, 5, 4, 5, 4));
        yield return ("lb-ring-3", Ring(3, 0, 2, 3, 2, 3, 2, 3, 2, 3));
        yield return ("lb-ring-count-9", Control(3, 9, Concat(Le32(0), Le32(0), Words(new uint[8]))));
        yield return ("lb-ring-vip-8", Ring(8, 0, 1));
        yield return ("lb-op-9", Control(9, 0, new byte[24]));
        yield return ("lb-op-short", Control(1, 0, new byte[10]));
    }

    private static Packet Tcp4(string s, string d, ushort sp, ushort dp, byte flags, byte tos = 0)
        => Ethernet(Ipv4Type, Ipv4(s, d, Tcp, TcpSegment(new(Ip(s), Ip(d), Tcp), sp, dp, flags, Counting(24)), tos: tos));

    private static Packet Tcp6(string s, string d, ushort sp, ushort dp, byte flags)
        => Ethernet(Ipv6Type, Ipv6(s, d, Tcp, TcpSegment(new(Ip(s), Ip(d), Tcp), sp, dp, flags, Counting(16))));

    private static Packet Udp4(string s, string d, ushort sp, ushort dp)
        => Ethernet(Ipv4Type, Ipv4(s, d, Udp, UdpDatagram(new(Ip(s), Ip(d), Udp), sp, dp, Counting(20))));

    private static IEnumerable<(string, Packet)> Traffic()
    {
        for (int i = 1; i <= 8; i++) yield return ($"lb-tcp-syn-{i}", Tcp4($"192.168.50.{i}", Vip0, (ushort)(30000 + i), 80, Syn, tos: (byte)(i * 4)));
        for (int i = 1; i <= 4; i++) yield return ($"lb-tcp-ack-{i}", Tcp4($"192.168.50.{i}", Vip0, (ushort)(30000 + i), 80, Ack | Psh));
        for (int i = 20; i <= 23; i++) yield return ($"lb-tcp-midflow-{i}", Tcp4($"192.168.50.{i}", Vip0, 31000, 80, Ack));
        yield return ("lb-tcp-midflow-20-again", Tcp4("192.168.50.20", Vip0, 31000, 80, Ack));
        yield return ("lb-tcp-port-81", Tcp4("192.168.50.1", Vip0, 30001, 81, Syn));
        yield return ("lb-tcp-deleted-vip", Tcp4("192.168.50.1", Gone, 30001, 80, Syn));
        for (int i = 1; i <= 6; i++) yield return ($"lb-udp-any-{i}", Udp4($"192.168.51.{i}", Vip1, (ushort)(40000 + i), (ushort)(i % 2 == 0 ? 53 : 5353)));
        yield return ("lb-udp-any-1-again", Udp4("192.168.51.1", Vip1, 40001, 5353));
        for (int i = 1; i <= 4; i++) yield return ($"lb-tcp-nolru-{i}", Tcp4($"192.168.52.{i}", Vip3, (ushort)(32000 + i), 8000, i % 2 == 1 ? Syn : Ack));
        for (int i = 1; i <= 6; i++) yield return ($"lb-tcp6-syn-{i}", Tcp6($"2001:db8:50::{i}", Vip6, (ushort)(33000 + i), 443, Syn));
        for (int i = 1; i <= 3; i++) yield return ($"lb-tcp6-ack-{i}", Tcp6($"2001:db8:50::{i}", Vip6, (ushort)(33000 + i), 443, Ack));
        yield return ("lb-tcp6-port-80", Tcp6("2001:db8:50::1", Vip6, 33001, 80, Syn));
        yield return ("lb-icmp-echo-vip", Ethernet(Ipv4Type, Ipv4("192.168.50.9", Vip0, Icmp, IcmpMessage(8, 0, 0x00110001, Counting(32)), ttl: 9)));
        yield return ("lb-icmp-echo-other", Ethernet(Ipv4Type, Ipv4("192.168.50.9", "10.0.0.1", Icmp, IcmpMessage(8, 0, 0x00110002, Counting(8)))));
        yield return ("lb-icmp-unreachable-vip", Ethernet(Ipv4Type, Ipv4("192.168.50.9", Vip0, Icmp, IcmpMessage(3, 4, 0, Counting(28)))));
        var icmp6 = new PseudoHeader(Ip("2001:db8:50::9"), Ip(Vip6), Icmpv6);
        yield return ("lb-icmp6-echo-vip", Ethernet(Ipv6Type, Ipv6("2001:db8:50::9", Vip6, Icmpv6, Icmpv6Message(icmp6, 128, 0, 0x00120001, Counting(24)), hopLimit: 3)));
        yield return ("lb-ipv4-fragment-vip", Ethernet(Ipv4Type, Ipv4("192.168.50.1", Vip0, Tcp, Raw(Counting(40)), flagsAndOffset: 0x2000 | 10)));
        yield return ("lb-ipv4-options-vip", Ethernet(Ipv4Type, Ipv4("192.168.50.1", Vip0, Tcp, TcpSegment(new(Ip("192.168.50.1"), Ip(Vip0), Tcp), 30001, 80, Ack), options: [1, 1, 1, 0])));
        yield return ("lb-ipv6-fragment-vip", Ethernet(Ipv6Type, Ipv6("2001:db8:50::1", Vip6, Tcp, Raw(Counting(40)), 64, Fragment(0, true))));
    }
}
