using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// The lookups the sk_lookup pair (<see cref="Programs.LookupDispatch"/> and <c>lookup_dispatch.c</c>)
/// is run over: every combination of protocol, family, source and destination address, destination
/// port (each band of the program and both edges) and source port parity.
/// </summary>
public static class SkLookupCases
{
    private static readonly ProtocolType[] s_protocols = [ProtocolType.Tcp, ProtocolType.Udp, (ProtocolType)132];
    private static readonly int[] s_ports = [80, 6999, 7000, 7005, 7100, 7101, 7102, 7103, 7205, 7299, 7301, 7399, 7400];
    private static readonly int[] s_sourcePorts = [40_000, 40_001];
    private static readonly (string Remote, string Local)[] s_addresses =
    [
        ("192.0.2.1", "127.0.0.1"), ("10.1.1.1", "127.0.0.1"), ("198.51.100.9", "203.0.113.5"),
        ("2001:db8::1", "::1"), ("2001:db8::1", "2001:db8::100:0:2"), ("fd00::1", "::1"), ("fe80::1", "2001:db8::100:0:3"),
    ];

    /// <summary>Every case, in a fixed order.</summary>
    public static IReadOnlyList<SkLookupTestRunContext> All { get; } =
        (from protocol in s_protocols
         from address in s_addresses
         from port in s_ports
         from sourcePort in s_sourcePorts
         select new SkLookupTestRunContext(protocol, new IPEndPoint(IPAddress.Parse(address.Local), port), new IPEndPoint(IPAddress.Parse(address.Remote), sourcePort)))
        .ToList();

    /// <summary>The program's view of <paramref name="c"/> for a .NET run: what the kernel's <c>struct bpf_sk_lookup</c> shows it.</summary>
    public static unsafe SkLookupMetadata Metadata(SkLookupTestRunContext c)
    {
        bool v4 = c.LocalEndPoint.AddressFamily == AddressFamily.InterNetwork;
        var md = new SkLookupMetadata
        {
            Family = v4 ? 2u : 10u,
            Protocol = (ushort)c.Protocol,
            RemotePort = (ushort)IPAddress.HostToNetworkOrder((short)c.RemoteEndPoint!.Port),
            LocalPort = (uint)c.LocalEndPoint.Port,
        };
        byte[] remote = c.RemoteEndPoint.Address.GetAddressBytes(), local = c.LocalEndPoint.Address.GetAddressBytes();
        if (v4)
        {
            md.RemoteIp4 = BitConverter.ToUInt32(remote);
            md.LocalIp4 = BitConverter.ToUInt32(local);
        }
        else
        {
            for (int i = 0; i < 4; i++)
            {
                md.RemoteIp6[i] = BitConverter.ToUInt32(remote, 4 * i);
                md.LocalIp6[i] = BitConverter.ToUInt32(local, 4 * i);
            }
        }
        return md;
    }

    /// <summary>A case as one line of a difference report.</summary>
    public static string Describe(SkLookupTestRunContext c) => $"{c.Protocol} {c.RemoteEndPoint} -> {c.LocalEndPoint}";
}
