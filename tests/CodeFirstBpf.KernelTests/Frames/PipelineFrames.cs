using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.KernelTests.Programs;
using static CodeFirstBpf.KernelTests.Frames.ControlFrames;
using static CodeFirstBpf.KernelTests.Frames.Protocols;

namespace CodeFirstBpf.KernelTests.Frames;

/// <summary>
/// The frames of <c>TcPipeline</c>: control frames for routes, NAT frontends and backends, policy
/// sets and rules; then whole conversations — a NAT'd TCP connection from SYN to the last ACK
/// after both FINs (replies come from the backend the program picks, computed here with the same
/// jhash), NAT'd UDP with and without checksum, a reset connection, policy denials, a route miss,
/// local delivery, TTL expiry, services without backends, mid-flow packets without conntrack.
/// </summary>
internal static class PipelineFrames
{
    private const string Service = "10.96.0.10", Empty = "10.96.0.11", Half = "10.96.0.12";
    private const string Set1 = "192.168.60.", Set2 = "192.168.61.", Set0 = "192.168.70.";
    private static readonly (string Address, int Port)[] WebBackends = [("10.1.1.1", 8080), ("10.1.1.2", 8080), ("10.1.1.3", 8080)];
    private static readonly (string Address, int Port)[] DnsBackends = [("10.1.2.1", 53), ("10.1.2.2", 5353)];

    public static IEnumerable<(string Name, Packet Packet)> All()
    {
        foreach (var f in Setup()) yield return f;
        foreach (var f in Conversations()) yield return f;
        foreach (var f in Refusals()) yield return f;
    }

    /// <summary>Everything after the control frames: the conversations and the refusals (for a run whose maps are seeded instead).</summary>
    public static IEnumerable<(string Name, Packet Packet)> Traffic() => Conversations().Concat(Refusals());

    public static uint Wire32(string address) => BinaryPrimitives.ReadUInt32LittleEndian(Ip(address));
    public static uint PortWord(int port, byte protocol) => (uint)(((port & 0xFF) << 8) | (port >> 8)) | ((uint)protocol << 16);
    private static Packet Op(byte op, uint w0, uint w1, uint w2, uint w3) => Control(op, 0, Words(w0, w1, w2, w3));

    private static Packet Route(string address, uint prefix, uint flags, uint ifIndex) => Op(0x13, prefix, Wire32(address), flags, ifIndex);
    private static Packet Frontend(string address, int port, byte protocol, uint service, uint count) => Op(0x11, Wire32(address), PortWord(port, protocol), service, count);
    private static Packet Backend(uint service, uint ordinal, string address, int port) => Op(0x12, service, ordinal, Wire32(address), PortWord(port, 0));
    private static Packet PolicySet(string address, uint prefix, uint set) => Op(0x14, prefix, Wire32(address), set, 0);
    private static Packet Rule(uint set, int port, byte protocol, uint action) => Op(0x15, set, PortWord(port, protocol), action, 0);

    private static IEnumerable<(string, Packet)> Setup()
    {
        yield return ("pl-route-10/8", Route("10.0.0.0", 8, 0, 2));
        yield return ("pl-route-192.168/16", Route("192.168.0.0", 16, 0, 3));
        yield return ("pl-route-10.0.0.1-local", Route("10.0.0.1", 32, 1, 1));
        yield return ("pl-route-prefix-33", Route("10.0.0.0", 33, 0, 9));
        yield return ("pl-frontend-web", Frontend(Service, 80, Tcp, 1, 3));
        yield return ("pl-frontend-dns", Frontend(Service, 53, Udp, 2, 2));
        yield return ("pl-frontend-empty", Frontend(Empty, 443, Tcp, 3, 0));
        yield return ("pl-frontend-half", Frontend(Half, 8080, Tcp, 4, 2));
        yield return ("pl-frontend-temp", Frontend(Half, 9090, Tcp, 5, 1));
        yield return ("pl-frontend-temp-delete", Op(0x16, Wire32(Half), PortWord(9090, Tcp), 0, 0));
        yield return ("pl-frontend-count-17", Frontend(Half, 7070, Tcp, 6, 17));
        for (int i = 0; i < WebBackends.Length; i++) yield return ($"pl-backend-web-{i}", Backend(1, (uint)i, WebBackends[i].Address, WebBackends[i].Port));
        for (int i = 0; i < DnsBackends.Length; i++) yield return ($"pl-backend-dns-{i}", Backend(2, (uint)i, DnsBackends[i].Address, DnsBackends[i].Port));
        yield return ("pl-backend-half-0", Backend(4, 0, "10.1.4.1", 80));
        yield return ("pl-backend-ordinal-16", Backend(4, 16, "10.1.4.2", 80));
        yield return ("pl-set-1", PolicySet(Set1 + "0", 24, 1));
        yield return ("pl-set-2", PolicySet(Set2 + "0", 24, 2));
        yield return ("pl-set-3", PolicySet(Set2 + "128", 25, 3));
        yield return ("pl-set-prefix-40", PolicySet("10.0.0.0", 40, 7));
        yield return ("pl-rule-1-tcp-8080-allow", Rule(1, 8080, Tcp, 1));
        yield return ("pl-rule-1-udp-any-allow", Rule(1, 0, Udp, 1));
        yield return ("pl-rule-1-tcp-22-deny", Rule(1, 22, Tcp, 2));
        yield return ("pl-rule-2-tcp-any-allow", Rule(2, 0, Tcp, 1));
        yield return ("pl-rule-2-udp-53-deny", Rule(2, 53, Udp, 2));
        yield return ("pl-rule-3-icmp-allow", Rule(3, 0, Icmp, 1));
        yield return ("pl-rule-0-tcp-23-deny", Rule(0, 23, Tcp, 2));
        yield return ("pl-op-0x30", Op(0x30, 1, 2, 3, 4));
        yield return ("pl-op-short", Control(0x13, 0, new byte[8]));
    }

    private static Packet Tcp4(string s, string d, int sp, int dp, byte flags, int payload = 0, byte ttl = 64, byte[]? options = null)
        => Ethernet(Ipv4Type, Ipv4(s, d, Tcp, TcpSegment(new(Ip(s), Ip(d), Tcp), (ushort)sp, (ushort)dp, flags, Counting(payload)), ttl: ttl, options: options));

    private static Packet Udp4(string s, string d, int sp, int dp, bool checksum = true)
        => Ethernet(Ipv4Type, Ipv4(s, d, Udp, UdpDatagram(new(Ip(s), Ip(d), Udp), (ushort)sp, (ushort)dp, Counting(18), checksum)));

    /// <summary>The backend the program picks for a new flow: jhash of the wire-order words, modulo the count.</summary>
    private static (string Address, int Port) Pick((string Address, int Port)[] backends, string client, int clientPort, string frontend, int frontendPort)
    {
        uint ports = (PortWord(clientPort, 0) << 16) | PortWord(frontendPort, 0);
        return backends[Jhash.Final(Wire32(client), Wire32(frontend), ports) % (uint)backends.Length];
    }

    private static IEnumerable<(string, Packet)> Conversations()
    {
        for (int c = 1; c <= 3; c++)
        {
            string client = Set1 + c;
            int port = 41000 + c;
            var (backend, backendPort) = Pick(WebBackends, client, port, Service, 80);
            string n = $"pl-web-{c}";
            yield return ($"{n}-syn", Tcp4(client, Service, port, 80, Syn));
            yield return ($"{n}-syn-again", Tcp4(client, Service, port, 80, Syn));
            yield return ($"{n}-synack", Tcp4(backend, client, backendPort, port, Syn | Ack));
            yield return ($"{n}-ack", Tcp4(client, Service, port, 80, Ack));
            yield return ($"{n}-data", Tcp4(client, Service, port, 80, Ack | Psh, 40 * c));
            yield return ($"{n}-reply", Tcp4(backend, client, backendPort, port, Ack | Psh, 100));
            if (c == 3) continue;
            yield return ($"{n}-fin", Tcp4(client, Service, port, 80, Fin | Ack));
            yield return ($"{n}-finack", Tcp4(backend, client, backendPort, port, Fin | Ack));
            yield return ($"{n}-last-ack", Tcp4(client, Service, port, 80, Ack));
        }
        for (int c = 4; c <= 6; c++)
        {
            string client = Set1 + c;
            var (backend, backendPort) = Pick(DnsBackends, client, 42000 + c, Service, 53);
            yield return ($"pl-dns-{c}-query", Udp4(client, Service, 42000 + c, 53, checksum: c != 5));
            yield return ($"pl-dns-{c}-answer", Udp4(backend, client, backendPort, 42000 + c, checksum: c != 5));
            yield return ($"pl-dns-{c}-query-again", Udp4(client, Service, 42000 + c, 53, checksum: c != 5));
        }
        yield return ("pl-ssh-syn", Tcp4(Set0 + "1", "10.2.0.5", 43001, 22, Syn));
        yield return ("pl-ssh-synack", Tcp4("10.2.0.5", Set0 + "1", 22, 43001, Syn | Ack));
        yield return ("pl-ssh-ack", Tcp4(Set0 + "1", "10.2.0.5", 43001, 22, Ack, 12));
        yield return ("pl-ssh-rst", Tcp4("10.2.0.5", Set0 + "1", 22, 43001, Rst | Ack));
        yield return ("pl-ssh-after-rst", Tcp4(Set0 + "1", "10.2.0.5", 43001, 22, Ack));
        yield return ("pl-early-data-syn", Tcp4(Set0 + "2", "10.2.0.6", 43002, 8000, Syn));
        yield return ("pl-early-data-reply", Tcp4("10.2.0.6", Set0 + "2", 8000, 43002, Ack | Psh, 10));
        yield return ("pl-set2-tcp", Tcp4(Set2 + "5", "10.2.0.7", 43003, 9000, Syn));
        yield return ("pl-set3-ping", Ethernet(Ipv4Type, Ipv4(Set2 + "200", "10.2.0.8", Icmp, IcmpMessage(8, 0, 0x00330001, Counting(16)))));
        yield return ("pl-set3-pong", Ethernet(Ipv4Type, Ipv4("10.2.0.8", Set2 + "200", Icmp, IcmpMessage(0, 0, 0x00330001, Counting(16)))));
        yield return ("pl-options-nat-syn", Tcp4(Set1 + "9", Service, 43004, 80, Syn, options: [1, 1, 1, 0]));
        yield return ("pl-local-syn", Tcp4(Set0 + "3", "10.0.0.1", 43005, 80, Syn));
        yield return ("pl-half-syns", Tcp4(Set0 + "4", Half, 43006, 8080, Syn));
        for (int c = 5; c <= 8; c++) yield return ($"pl-half-syn-{c}", Tcp4(Set0 + c, Half, 43000 + c, 8080, Syn));
    }

    private static IEnumerable<(string, Packet)> Refusals()
    {
        yield return ("pl-set1-ssh-deny", Tcp4(Set1 + "4", "10.2.0.6", 44001, 22, Syn));
        yield return ("pl-set2-dns-deny", Udp4(Set2 + "5", "10.2.0.7", 44002, 53));
        yield return ("pl-set3-tcp-deny", Tcp4(Set2 + "201", "10.2.0.8", 44003, 80, Syn));
        yield return ("pl-set0-telnet-deny", Tcp4(Set0 + "9", "10.2.0.9", 44004, 23, Syn));
        yield return ("pl-route-miss", Tcp4(Set0 + "9", "172.16.5.5", 44005, 80, Syn));
        yield return ("pl-ttl-1", Tcp4(Set0 + "9", "10.2.0.9", 44006, 80, Syn, ttl: 1));
        yield return ("pl-empty-service", Tcp4(Set0 + "9", Empty, 44007, 443, Syn));
        yield return ("pl-no-conntrack-ack", Tcp4(Set0 + "9", "10.2.0.9", 44008, 80, Ack, 8));
        yield return ("pl-gre", Ethernet(Ipv4Type, Ipv4(Set0 + "9", "10.2.0.9", 47, Raw(Counting(24)))));
        yield return ("pl-icmp-unreachable", Ethernet(Ipv4Type, Ipv4("10.2.0.9", Set0 + "9", Icmp, IcmpMessage(3, 1, 0, Counting(28)))));
    }
}
