using System.Buffers.Binary;
using System.Net;

namespace PodDataplane.Control;

/// <summary>How flows, conntrack entries and addresses read in logs and the demo's output.</summary>
public static class FlowText
{
    /// <summary>"new tcp 198.51.100.10:40312 -> 192.0.2.80:80 via 198.51.100.21:8080".</summary>
    public static string Describe(FlowEvent e)
    {
        string kind = e.Kind switch
        {
            PodPrograms.LogNew => "new",
            PodPrograms.LogDenied => "denied",
            PodPrograms.LogClosed => "closed",
            PodPrograms.LogReset => "reset",
            _ => "kind " + e.Kind,
        };
        string text = $"{kind} {Protocol(e.Protocol)} {Endpoint(e.Source, e.SourcePort)} -> {Endpoint(e.Destination, e.DestinationPort)}";
        if (e.Kind == PodPrograms.LogNew && e.NatAddress != 0) text += " via " + Endpoint(e.NatAddress, e.NatPort);
        if (e.Kind is PodPrograms.LogClosed or PodPrograms.LogReset) text += $" ({e.Packets} packets, {e.Bytes} bytes)";
        return text;
    }

    /// <summary>tcp, udp, icmp or the number.</summary>
    public static string Protocol(byte protocol) => protocol switch { 1 => "icmp", 6 => "tcp", 17 => "udp", _ => protocol.ToString() };

    /// <summary>A network-order address as dotted quad.</summary>
    public static string Address(uint address) => new IPAddress(address).ToString();

    /// <summary>A network-order address and port.</summary>
    public static string Endpoint(uint address, ushort port) => $"{Address(address)}:{BinaryPrimitives.ReverseEndianness(port)}";

    /// <summary>A conntrack state's name.</summary>
    public static string State(byte state) => state switch
    {
        PodPrograms.StateSynSent => "syn-sent",
        PodPrograms.StateSynAckSeen => "syn-ack",
        PodPrograms.StateEstablished => "established",
        PodPrograms.StateFinSeen => "fin-wait",
        PodPrograms.StateClosed => "closed",
        PodPrograms.StateOpen => "open",
        PodPrograms.StateReplied => "replied",
        _ => state.ToString(),
    };
}
