namespace CodeFirstBpf.Net;

/// <summary>EtherType values, host byte order (compare with <c>ByteOrder.Htons(...)</c>).</summary>
public static class EtherType
{
    /// <summary>IPv4.</summary>
    public const ushort IPv4 = 0x0800;
    /// <summary>ARP.</summary>
    public const ushort Arp = 0x0806;
    /// <summary>802.1Q VLAN tag.</summary>
    public const ushort Vlan = 0x8100;
    /// <summary>802.1ad QinQ tag.</summary>
    public const ushort QinQ = 0x88A8;
    /// <summary>IPv6.</summary>
    public const ushort IPv6 = 0x86DD;
}

/// <summary>IP protocol numbers.</summary>
public static class IpProtocol
{
    /// <summary>IPv6 hop-by-hop options.</summary>
    public const byte HopByHop = 0;
    /// <summary>ICMP.</summary>
    public const byte Icmp = 1;
    /// <summary>IPv4 in IPv4 (IPIP).</summary>
    public const byte IpIp = 4;
    /// <summary>TCP.</summary>
    public const byte Tcp = 6;
    /// <summary>UDP.</summary>
    public const byte Udp = 17;
    /// <summary>IPv6 encapsulated (6in4, IP6IP6).</summary>
    public const byte IPv6 = 41;
    /// <summary>IPv6 routing header.</summary>
    public const byte Routing = 43;
    /// <summary>IPv6 fragment header.</summary>
    public const byte Fragment = 44;
    /// <summary>GRE.</summary>
    public const byte Gre = 47;
    /// <summary>ICMPv6.</summary>
    public const byte IcmpV6 = 58;
    /// <summary>IPv6 no next header.</summary>
    public const byte NoNextHeader = 59;
    /// <summary>IPv6 destination options.</summary>
    public const byte DestinationOptions = 60;
}
