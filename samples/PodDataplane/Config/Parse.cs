using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PodDataplane.Config;

/// <summary>
/// The text forms of the configuration (addresses, CIDRs, endpoints, MACs, protocols) turned into
/// what the maps hold: addresses and ports as they sit in the packet (network order). Each bad
/// value is one <see cref="DataplaneConfigException"/> sentence naming the setting.
/// </summary>
public static class Parse
{
    /// <summary>An IPv4 address in network order.</summary>
    public static uint Address(string text, string where)
    {
        if (!IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
            throw new DataplaneConfigException($"{where}: '{text}' is not an IPv4 address; write it as a.b.c.d.");
        return BinaryPrimitives.ReadUInt32LittleEndian(ip.GetAddressBytes());
    }

    /// <summary>An IPv4 CIDR: prefix length and network-order address with the host bits cleared.</summary>
    public static (uint PrefixLength, uint Address) Cidr(string text, string where)
    {
        string[] parts = text.Split('/');
        uint length = 32;
        if (parts.Length > 2 || (parts.Length == 2 && (!uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > 32)))
            throw new DataplaneConfigException($"{where}: '{text}' is not an IPv4 CIDR; write it as a.b.c.d/len with len 0 to 32.");
        uint address = Address(parts[0], where);
        uint mask = length == 0 ? 0 : uint.MaxValue << (int)(32 - length);
        return (length, address & BinaryPrimitives.ReverseEndianness(mask));
    }

    /// <summary>An <c>address:port</c> endpoint, both in network order.</summary>
    public static (uint Address, ushort Port) Endpoint(string text, string where)
    {
        int colon = text.LastIndexOf(':');
        if (colon < 0 || !ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port) || port == 0)
            throw new DataplaneConfigException($"{where}: '{text}' is not an endpoint; write it as a.b.c.d:port with port 1 to 65535.");
        return (Address(text[..colon], where), Port(port));
    }

    /// <summary>A port in network order.</summary>
    public static ushort Port(int port) => BinaryPrimitives.ReverseEndianness((ushort)port);

    /// <summary>tcp, udp or icmp as the IP protocol number.</summary>
    public static byte Protocol(string text, string where, bool icmpAllowed) => text.ToLowerInvariant() switch
    {
        "tcp" => 6,
        "udp" => 17,
        "icmp" when icmpAllowed => 1,
        _ => throw new DataplaneConfigException($"{where}: protocol '{text}' is not supported; use tcp or udp{(icmpAllowed ? " or icmp" : "")}."),
    };

    /// <summary>A MAC address written as six hex pairs separated by colons.</summary>
    public static byte[] Mac(string text, string where)
    {
        string[] parts = text.Split(':');
        var mac = new byte[6];
        if (parts.Length != 6) throw new DataplaneConfigException($"{where}: '{text}' is not a MAC address; write it as 02:00:00:00:00:01.");
        for (int i = 0; i < 6; i++)
        {
            if (!byte.TryParse(parts[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out mac[i]))
                throw new DataplaneConfigException($"{where}: '{text}' is not a MAC address; write it as 02:00:00:00:00:01.");
        }
        return mac;
    }
}
