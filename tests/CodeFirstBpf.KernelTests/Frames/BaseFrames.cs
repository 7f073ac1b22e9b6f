using System.Collections.Generic;
using static CodeFirstBpf.KernelTests.Frames.Protocols;

namespace CodeFirstBpf.KernelTests.Frames;

/// <summary>
/// The well-formed frames of the corpus, one family per protocol the programs handle. Every
/// frame is correct (lengths, checksums) so that programs reach their deepest paths; the corpus
/// then truncates and mutates them.
/// </summary>
internal static class BaseFrames
{
    private const string Client = "192.168.1.10", Server = "10.0.0.1", Frontend = "10.0.0.254";
    private const string Client6 = "2001:db8::10", Server6 = "2001:db8:1::1";

    public static IEnumerable<(string Name, Packet Packet)> All()
    {
        foreach (var f in ArpFrames()) yield return f;
        foreach (var f in Icmp4()) yield return f;
        foreach (var f in Tcp4()) yield return f;
        foreach (var f in Udp4()) yield return f;
        foreach (var f in Ipv4Options()) yield return f;
        foreach (var f in Ipv4Odd()) yield return f;
        foreach (var f in Ipv6Frames()) yield return f;
        foreach (var f in Vlans()) yield return f;
        foreach (var f in Payloads()) yield return f;
        foreach (var f in BalancerFrames.All()) yield return f;
        foreach (var f in PipelineFrames.All()) yield return f;
    }

    private static PseudoHeader V4(string s, string d, byte p) => new(Ip(s), Ip(d), p);
    private static PseudoHeader V6(string s, string d, byte p) => new(Ip(s), Ip(d), p);

    private static Packet Ipv4Tcp(string s, string d, ushort sp, ushort dp, byte flags, byte[]? payload = null, byte tos = 0, byte ttl = 64, byte[]? options = null)
        => Ethernet(Ipv4Type, Ipv4(s, d, Tcp, TcpSegment(V4(s, d, Tcp), sp, dp, flags, payload), ttl: ttl, tos: tos, options: options));

    private static Packet Ipv4Udp(string s, string d, ushort sp, ushort dp, byte[]? payload = null, bool checksum = true, byte tos = 0, byte[]? options = null)
        => Ethernet(Ipv4Type, Ipv4(s, d, Udp, UdpDatagram(V4(s, d, Udp), sp, dp, payload, checksum), tos: tos, options: options));

    private static Packet Ipv4Icmp(string s, string d, byte type, byte code, byte ttl = 64, byte[]? options = null)
        => Ethernet(Ipv4Type, Ipv4(s, d, Icmp, IcmpMessage(type, code, 0x00420001, Counting(32)), ttl: ttl, options: options));

    private static IEnumerable<(string, Packet)> ArpFrames()
    {
        byte[] zero = new byte[6];
        yield return ("arp-request-10.0.0.1", EthernetTo(Broadcast, MacA, ArpType, Arp(1, MacA, Client, zero, Server)));
        yield return ("arp-request-10.9.8.7", EthernetTo(Broadcast, MacB, ArpType, Arp(1, MacB, "10.0.0.2", zero, "10.9.8.7")));
        yield return ("arp-request-192.168.1.1", EthernetTo(Broadcast, MacA, ArpType, Arp(1, MacA, Client, zero, "192.168.1.1")));
        yield return ("arp-reply", EthernetTo(MacA, MacB, ArpType, Arp(2, MacB, "10.0.0.5", MacA, Client)));
        yield return ("arp-htype-6", EthernetTo(Broadcast, MacA, ArpType, Arp(1, MacA, Client, zero, Server, hardwareType: 6)));
        yield return ("arp-plen-6", EthernetTo(Broadcast, MacA, ArpType, Arp(1, MacA, Client, zero, Server, protocolLength: 6)));
        yield return ("arp-padded-60", Ethernet(ArpType, Arp(1, MacA, "172.16.0.1", zero, "10.1.1.1").Append(new byte[18])));
    }

    private static IEnumerable<(string, Packet)> Icmp4()
    {
        yield return ("icmp-echo-request", Ipv4Icmp(Client, Server, 8, 0));
        yield return ("icmp-echo-request-2", Ipv4Icmp("192.168.1.11", Server, 8, 0));
        yield return ("icmp-echo-request-3", Ipv4Icmp("192.168.7.77", Server, 8, 0, ttl: 1));
        yield return ("icmp-echo-reply", Ipv4Icmp(Server, Client, 0, 0));
        yield return ("icmp-echo-code-1", Ipv4Icmp(Client, Server, 8, 1));
        yield return ("icmp-unreachable", Ipv4Icmp(Server, Client, 3, 3));
        yield return ("icmp-echo-with-options", Ipv4Icmp(Client, Server, 8, 0, options: [1, 1, 1, 0]));
    }

    private static IEnumerable<(string, Packet)> Tcp4()
    {
        yield return ("tcp-syn-22", Ipv4Tcp(Client, Server, 40000, 22, Syn));
        yield return ("tcp-syn-80", Ipv4Tcp(Client, Server, 40001, 80, Syn));
        yield return ("tcp-ack-443-payload", Ipv4Tcp(Client, Server, 40002, 443, Ack | Psh, Counting(100)));
        yield return ("tcp-syn-5000", Ipv4Tcp(Client, Server, 40003, 5000, Syn));
        yield return ("tcp-synfin", Ipv4Tcp(Client, Server, 40004, 80, Syn | Fin));
        yield return ("tcp-rst", Ipv4Tcp(Server, Client, 80, 40001, Rst | Ack));
        yield return ("tcp-nat-8080", Ipv4Tcp(Client, Frontend, 40005, 8080, Syn));
        yield return ("tcp-nat-8080-payload", Ipv4Tcp("192.168.1.12", Frontend, 40006, 8080, Ack | Psh, Counting(200)));
        yield return ("tcp-nat-8081", Ipv4Tcp(Client, Frontend, 40007, 8081, Syn));
        yield return ("tcp-nat-8080-options", Ipv4Tcp(Client, Frontend, 40008, 8080, Syn, options: [1, 1, 7, 7, 4, 0, 0, 0, 0, 0, 0, 0]));
        yield return ("tcp-dscp-ef", Ipv4Tcp(Client, Server, 40009, 5060, Ack, tos: 46 << 2));
        yield return ("tcp-dscp-63", Ipv4Tcp(Client, Server, 40010, 80, Ack, tos: 63 << 2));
    }

    private static IEnumerable<(string, Packet)> Udp4()
    {
        yield return ("udp-dns", Ipv4Udp(Client, Server, 53000, 53, Counting(40)));
        yield return ("udp-1234-large", Ipv4Udp(Client, Server, 50000, 1234, new Prng(1).Bytes(300)));
        yield return ("udp-nat-8080", Ipv4Udp(Client, Frontend, 50001, 8080, Counting(16)));
        yield return ("udp-nat-8080-nocsum", Ipv4Udp(Client, Frontend, 50002, 8080, Counting(16), checksum: false));
        yield return ("udp-nat-8080-options", Ipv4Udp(Client, Frontend, 50003, 8080, Counting(8), options: [1, 1, 1, 1, 0x44, 8, 5, 0, 0, 0, 0, 1]));
        yield return ("udp-dscp-ef-443", Ipv4Udp(Client, Server, 50004, 443, Counting(10), tos: 46 << 2));
        yield return ("udp-empty", Ipv4Udp(Client, Server, 50005, 9, []));
        yield return ("udp-jumbo-ish", Ipv4Udp(Client, Server, 50006, 7, new Prng(2).Bytes(Frame.MaxLength - 42)));
    }

    private static IEnumerable<(string, Packet)> Ipv4Options()
    {
        yield return ("ipv4-opt-nops", Ipv4Tcp(Client, Server, 41000, 80, Syn, options: [1, 1, 1, 1]));
        yield return ("ipv4-opt-record-route", Ipv4Tcp(Client, Server, 41001, 80, Syn, options: [7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 1]));
        yield return ("ipv4-opt-timestamp", Ipv4Udp(Client, Server, 41002, 53, Counting(8), options: [0x44, 12, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        yield return ("ipv4-opt-lsrr", Ipv4Tcp(Client, Server, 41003, 80, Syn, options: [0x83, 7, 4, 10, 0, 0, 9, 0]));
        yield return ("ipv4-opt-ssrr", Ipv4Tcp(Client, Server, 41004, 80, Syn, options: [1, 0x89, 7, 4, 10, 0, 0, 9]));
        yield return ("ipv4-opt-router-alert", Ipv4Udp(Client, "224.0.0.22", 41005, 2000, Counting(8), options: [0x94, 4, 0, 0]));
        yield return ("ipv4-opt-eol-then-junk", Ipv4Tcp(Client, Server, 41006, 80, Syn, options: [0, 0x83, 0xFF, 0xFF]));
        yield return ("ipv4-opt-len-0", Ipv4Tcp(Client, Server, 41007, 80, Syn, options: [7, 0, 1, 1]));
        yield return ("ipv4-opt-len-1", Ipv4Tcp(Client, Server, 41008, 80, Syn, options: [7, 1, 1, 1]));
        yield return ("ipv4-opt-len-overrun", Ipv4Tcp(Client, Server, 41009, 80, Syn, options: [1, 7, 40, 4, 0, 0, 0, 0]));
        var nops40 = new byte[40];
        System.Array.Fill(nops40, (byte)1);
        yield return ("ipv4-opt-40-nops", Ipv4Udp(Client, Server, 41010, 53, Counting(12), options: nops40));
        byte[] mixed = [1, 7, 7, 4, 0, 0, 0, 0, 1, 0x44, 8, 5, 0, 0, 0, 0, 1, 1, 0x82, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0];
        yield return ("ipv4-opt-40-mixed", Ipv4Tcp(Client, Server, 41011, 443, Ack, Counting(20), options: mixed));
        var noEol = new byte[40];
        for (int i = 0; i < 40; i += 4) { noEol[i] = 0x88; noEol[i + 1] = 4; noEol[i + 2] = 0; noEol[i + 3] = (byte)i; }
        yield return ("ipv4-opt-10-stream-ids", Ipv4Icmp(Client, Server, 8, 0, options: noEol));
    }

    private static IEnumerable<(string, Packet)> Ipv4Odd()
    {
        yield return ("ipv4-ttl-0", Ipv4Tcp(Client, Server, 42000, 80, Syn, ttl: 0));
        yield return ("ipv4-ttl-2", Ipv4Tcp(Client, Server, 42001, 80, Syn, ttl: 2));
        yield return ("ipv4-ttl-255", Ethernet(Ipv4Type, Ipv4(Client, Server, Udp, UdpDatagram(V4(Client, Server, Udp), 42002, 53, Counting(4)), ttl: 255)));
        yield return ("ipv4-gre", Ethernet(Ipv4Type, Ipv4(Client, Server, 47, Raw(Counting(24)))));
        yield return ("ipv4-first-fragment", Ethernet(Ipv4Type, Ipv4(Client, Server, Udp, UdpDatagram(V4(Client, Server, Udp), 43000, 53, Counting(64)), flagsAndOffset: 0x2000)));
        yield return ("ipv4-later-fragment", Ethernet(Ipv4Type, Ipv4(Client, Frontend, Udp, Raw(Counting(64)), flagsAndOffset: 0x2000 | 100)));
        yield return ("ipv4-later-fragment-tcp-nat", Ethernet(Ipv4Type, Ipv4(Client, Frontend, Tcp, Raw(Counting(40)), flagsAndOffset: 13)));
        yield return ("ipv4-version-6", Ethernet(Ipv4Type, Ipv4(Client, Server, Udp, UdpDatagram(V4(Client, Server, Udp), 1, 2, Counting(4)))).Patch(14, 0x65));
        yield return ("ipv4-ihl-4", Ethernet(Ipv4Type, Ipv4(Client, Server, Tcp, TcpSegment(V4(Client, Server, Tcp), 42003, 80, Syn), ihl: 4)));
        yield return ("ipv4-ihl-15-short", Ethernet(Ipv4Type, Ipv4(Client, Server, Tcp, TcpSegment(V4(Client, Server, Tcp), 42004, 80, Syn), ihl: 15)));
        yield return ("ipv4-total-length-short", Ethernet(Ipv4Type, Ipv4(Client, Server, Udp, UdpDatagram(V4(Client, Server, Udp), 42005, 53, Counting(20)), totalLength: 21)));
        yield return ("ipv4-bad-checksum", BadChecksum(Ethernet(Ipv4Type, Ipv4(Client, Server, Udp, UdpDatagram(V4(Client, Server, Udp), 42006, 53, Counting(20))))));
        yield return ("lldp", Ethernet(0x88CC, Raw(Counting(46))));
        yield return ("ethernet-only", Ethernet(Ipv4Type, Raw([])));
        yield return ("ethernet-ipv6-type-only", Ethernet(Ipv6Type, Raw([])));
    }

    private static IEnumerable<(string, Packet)> Ipv6Frames()
    {
        var tcp = V6(Client6, Server6, Tcp);
        var udp = V6(Client6, Server6, Udp);
        var icmp = V6(Client6, Server6, Icmpv6);
        yield return ("ipv6-echo-request", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Icmpv6, Icmpv6Message(icmp, 128, 0, 0x00070001, Counting(24)))));
        yield return ("ipv6-echo-reply", Ethernet(Ipv6Type, Ipv6(Server6, Client6, Icmpv6, Icmpv6Message(V6(Server6, Client6, Icmpv6), 129, 0, 0x00070001, Counting(24)))));
        yield return ("ipv6-echo-request-code-2", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Icmpv6, Icmpv6Message(icmp, 128, 2, 1))));
        yield return ("ipv6-neighbor-solicit", Ethernet(Ipv6Type, Ipv6("fe80::1", "ff02::1:ff00:1", Icmpv6, Icmpv6Message(V6("fe80::1", "ff02::1:ff00:1", Icmpv6), 135, 0, 0, Ip("fe80::2")), hopLimit: 255)));
        yield return ("ipv6-tcp-443", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Tcp, TcpSegment(tcp, 44000, 443, Syn))));
        yield return ("ipv6-udp-53", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Udp, UdpDatagram(udp, 44001, 53, Counting(30)))));
        yield return ("ipv6-hop-limit-1", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Udp, UdpDatagram(udp, 44002, 53, Counting(8)), hopLimit: 1)));
        yield return ("ipv6-hop-limit-0", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Tcp, TcpSegment(tcp, 44003, 22, Syn), hopLimit: 0)));
        yield return ("ipv6-hbh-udp", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Udp, UdpDatagram(udp, 44004, 5353, Counting(8)), 64, HopByHop())));
        yield return ("ipv6-hbh-long-tcp", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Tcp, TcpSegment(tcp, 44005, 80, Syn), 64, HopByHop(10))));
        yield return ("ipv6-chain-4-tcp", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Tcp, TcpSegment(tcp, 44006, 8080, Ack),
            64, HopByHop(), DestinationOptions(1), Routing(4, 1), Fragment(0, true))));
        yield return ("ipv6-chain-icmp", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Icmpv6, Icmpv6Message(icmp, 128, 0, 5), 64, DestinationOptions(), Routing(2, 0))));
        yield return ("ipv6-routing-type-0", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Udp, UdpDatagram(udp, 44007, 53, Counting(8)), 64, Routing(0, 1))));
        yield return ("ipv6-fragment-first", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Udp, UdpDatagram(udp, 44008, 53, Counting(8)), 64, Fragment(0, true))));
        yield return ("ipv6-fragment-later", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Udp, Raw(Counting(48)), 64, Fragment(185, false))));
        yield return ("ipv6-chain-6-udp", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Udp, UdpDatagram(udp, 44009, 53, Counting(8)),
            64, HopByHop(), DestinationOptions(), Routing(4, 0), DestinationOptions(), DestinationOptions(2), Fragment(0, false))));
        yield return ("ipv6-chain-7-too-long", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Udp, UdpDatagram(udp, 44010, 53, Counting(8)),
            64, HopByHop(), DestinationOptions(), DestinationOptions(), DestinationOptions(), DestinationOptions(), DestinationOptions(), DestinationOptions())));
        yield return ("ipv6-no-next-header", Ethernet(Ipv6Type, Ipv6(Client6, Server6, NoNextHeader, Raw([]), 64, DestinationOptions())));
        yield return ("ipv6-version-4", Ethernet(Ipv6Type, Ipv6(Client6, Server6, Udp, UdpDatagram(udp, 1, 2, Counting(4)))).Patch(14, 0x40));
    }

    private static IEnumerable<(string, Packet)> Vlans()
    {
        var tcp = Ipv4(Client, Server, Tcp, TcpSegment(V4(Client, Server, Tcp), 45000, 80, Syn));
        var icmp = Ipv4(Client, Server, Icmp, IcmpMessage(8, 0, 9, Counting(16)));
        var udp6 = Ipv6(Client6, Server6, Udp, UdpDatagram(V6(Client6, Server6, Udp), 45001, 53, Counting(8)));
        byte[] zero = new byte[6];
        yield return ("vlan-100-pcp3-tcp", Ethernet(Ipv4Type, tcp, (VlanType, (3 << 13) | 100)));
        yield return ("vlan-4095-pcp7-ipv6", Ethernet(Ipv6Type, udp6, (VlanType, (7 << 13) | 4095)));
        yield return ("vlan-0-icmp-ttl", Ethernet(Ipv4Type, icmp, (VlanType, 0)));
        yield return ("qinq-200-300-icmp", Ethernet(Ipv4Type, icmp, (QinQType, (1 << 13) | 200), (VlanType, (5 << 13) | 300)));
        yield return ("qinq-arp", Ethernet(ArpType, Arp(1, MacA, Client, zero, "10.0.0.77"), (QinQType, 10), (VlanType, 20)));
        yield return ("dot1q-dot1q-ipv6", Ethernet(Ipv6Type, udp6, (VlanType, 11), (VlanType, 12)));
        yield return ("vlan-triple", Ethernet(Ipv4Type, tcp, (QinQType, 1), (VlanType, 2), (VlanType, 3)));
        yield return ("vlan-lldp", Ethernet(0x88CC, Raw(Counting(20)), (VlanType, (2 << 13) | 42)));
        yield return ("vlan-arp", Ethernet(ArpType, Arp(1, MacB, "10.0.0.9", zero, "10.0.0.1"), (VlanType, 7)));
    }

    private static IEnumerable<(string, Packet)> Payloads()
    {
        // Opaque frames for the programs that compute over raw bytes (IntegerOps reads 16..48 and
        // writes 48..304; ControlFlow reads 14..30; StructInit and PointerWalk read the payload).
        var rng = new Prng(0xC0DEF1257);
        for (int i = 0; i < 48; i++)
            yield return ($"random-{i}", Ethernet(0x88B5, Raw(rng.Bytes(rng.Pick(10, 48, 64, 300, 320)))));
        foreach (byte fill in new byte[] { 0x00, 0xFF, 0x80, 0x7F, 0x01, 0xAA })
        {
            var payload = new byte[306];
            System.Array.Fill(payload, fill);
            yield return ($"fill-{fill:x2}", Ethernet(0x88B5, Raw(payload)));
        }
        var edges = new byte[306];
        byte[] pattern = [0x80, 0x00, 0x00, 0x80, 0xFF, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0xFF, 0xFF, 0xFF, 0xFF];
        for (int i = 0; i < edges.Length; i++) edges[i] = pattern[i % pattern.Length];
        yield return ("int-edges", Ethernet(0x88B5, Raw(edges)));
        var markers = new byte[80];
        for (int i = 0; i < markers.Length; i++) markers[i] = (byte)(i % 7 == 0 ? 0xAA : i % 11 == 0 ? 0xBB : i / 3);
        yield return ("markers", Ethernet(0x88B5, Raw(markers)));
        yield return ("small-keys", Ethernet(0x88B5, Raw([1, 2, 3, 4, 5, 0, 6, 7, 8])));
        yield return ("small-keys-again", Ethernet(0x88B5, Raw([1, 2, 3, 4, 5, 0, 6, 7, 8])));
        yield return ("small-keys-a-0", Ethernet(0x88B5, Raw([0, 2, 3, 4, 5, 9, 6, 7, 8])));
    }

    private static Packet BadChecksum(Packet frame) => frame.Patch(24, (byte)(frame[24] ^ 0x5A));
}
