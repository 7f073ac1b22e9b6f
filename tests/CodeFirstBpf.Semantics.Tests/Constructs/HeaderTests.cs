using CodeFirstBpf.Net;
using CodeFirstBpf.Semantics.Tests.Harness;

namespace CodeFirstBpf.Semantics.Tests.Constructs;

/// <summary>
/// The protocol headers of <c>CodeFirstBpf.Net</c> beyond Ethernet/IPv4/TCP/UDP/ICMP: an IPv6
/// extension-header walk to ICMPv6, ARP and GRE with optional words. Each parser runs in the
/// kernel and as .NET over hand-built frames and must compute the same fields.
/// </summary>
public class HeaderTests
{
    [SkippableFact]
    public void Ipv6_extension_header_walk_reaches_icmpv6()
        => AgreesAndReaches(Snippets.Xdp("""
            if (((EthernetHeader*)d)->EtherType != ByteOrder.Htons(EtherType.IPv6)) return XdpAction.Pass;
            if (d + 14 + sizeof(IPv6Header) > ctx.DataEnd) return XdpAction.Pass;
            byte next = ((IPv6Header*)(d + 14))->NextHeader;
            byte* p = d + 14 + sizeof(IPv6Header);
            ulong seen = 0;
            for (int i = 0; i < 4; i++)
            {
                if (next == Ipv6Ext.HopByHop || next == Ipv6Ext.Routing || next == Ipv6Ext.DestinationOptions)
                {
                    if (p + sizeof(Ipv6OptionsHeader) > ctx.DataEnd) return XdpAction.Aborted;
                    var o = (Ipv6OptionsHeader*)p;
                    seen = seen * 100 + next;
                    next = o->NextHeader;
                    p += (o->Length + 1) * 8;
                }
                else if (next == Ipv6Ext.Fragment)
                {
                    if (p + sizeof(Ipv6FragmentHeader) > ctx.DataEnd) return XdpAction.Aborted;
                    var f = (Ipv6FragmentHeader*)p;
                    ushort off = ByteOrder.Ntohs(f->FragmentOffset);
                    Out.Update(4, ByteOrder.Ntohl(f->Identification));
                    Out.Update(5, (ulong)(off & Ipv6Ext.OffsetMask));
                    Out.Update(6, (ulong)(off & Ipv6Ext.MoreFragments));
                    seen = seen * 100 + next;
                    next = f->NextHeader;
                    p += sizeof(Ipv6FragmentHeader);
                }
                else break;
            }
            Out.Update(0, next);
            Out.Update(1, (ulong)(p - d));
            Out.Update(2, seen);
            if (next == IpProtocol.IcmpV6 && p + sizeof(Icmpv6Header) <= ctx.DataEnd)
            {
                var ic = (Icmpv6Header*)p;
                Out.Update(3, (ulong)ic->Type << 40 | (ulong)ic->Code << 32 | ByteOrder.Ntohl(ic->Rest));
                if (ic->Type == Icmpv6Type.EchoRequest) return XdpAction.Drop;
            }
            """, bound: 14), HeaderFrames.Ipv6(), index: 4, expected: 0xDEADBEEF);

    [SkippableFact]
    public void Arp_fields_read_from_unaligned_addresses()
        => AgreesAndReaches(Snippets.Xdp("""
            if (((EthernetHeader*)d)->EtherType != ByteOrder.Htons(EtherType.Arp)) return XdpAction.Pass;
            if (d + 14 + sizeof(ArpHeader) > ctx.DataEnd) return XdpAction.Pass;
            var a = (ArpHeader*)(d + 14);
            Out.Update(0, ByteOrder.Ntohs(a->Operation));
            Out.Update(1, (ulong)a->HardwareLength << 8 | a->ProtocolLength);
            Out.Update(2, ByteOrder.Ntohs(a->ProtocolType));
            ulong sender = 0, target = 0, mac = 0;
            for (int i = 0; i < 4; i++) { sender = sender << 8 | a->SenderProtocolAddress[i]; target = target << 8 | a->TargetProtocolAddress[i]; }
            for (int i = 0; i < 6; i++) mac = mac << 8 | a->SenderHardwareAddress[i];
            Out.Update(3, sender); Out.Update(4, target); Out.Update(5, mac);
            if (ByteOrder.Ntohs(a->Operation) == ArpOperation.Reply) return XdpAction.Drop;
            """, bound: 14), HeaderFrames.Arp(), index: 4, expected: 0xC0A8074D);

    [SkippableFact]
    public void Gre_optional_words_and_inner_header()
        => AgreesAndReaches(Snippets.Xdp("""
            if (d + 34 + sizeof(GreHeader) > ctx.DataEnd) return XdpAction.Pass;
            if (((IPv4Header*)(d + 14))->Protocol != IpProtocol.Gre) return XdpAction.Pass;
            var g = (GreHeader*)(d + 34);
            ushort flags = ByteOrder.Ntohs(g->FlagsVersion);
            byte* p = d + 34 + sizeof(GreHeader);
            if ((flags & GreFlags.Checksum) != 0) p += 4;
            if ((flags & GreFlags.Key) != 0)
            {
                if (p + 4 > ctx.DataEnd) return XdpAction.Aborted;
                Out.Update(1, ByteOrder.Ntohl(*(uint*)p));
                p += 4;
            }
            if ((flags & GreFlags.Sequence) != 0)
            {
                if (p + 4 > ctx.DataEnd) return XdpAction.Aborted;
                Out.Update(2, ByteOrder.Ntohl(*(uint*)p));
                p += 4;
            }
            Out.Update(0, (ulong)(flags & GreFlags.VersionMask) << 16 | ByteOrder.Ntohs(g->Protocol));
            Out.Update(3, (ulong)(p - d));
            if (ByteOrder.Ntohs(g->Protocol) == EtherType.IPv4 && p + sizeof(IPv4Header) <= ctx.DataEnd)
                Out.Update(4, ByteOrder.Ntohl(((IPv4Header*)p)->DestinationAddress));
            """, bound: 14), HeaderFrames.Gre(), index: 4, expected: 0xAC100509);

    /// <summary>Kernel and .NET agree, and the deepest field was really parsed (not every frame bailed out early).</summary>
    private static void AgreesAndReaches(string source, IReadOnlyList<byte[]> frames, int index, ulong expected)
    {
        Kernel.Require();
        using var snippet = SnippetCompiler.Compile(source, "v3");
        snippet.AssertAgrees(frames);
        var run = snippet.Run(frames);
        Assert.Equal(expected, run.KernelOut![index]);
    }

    [Fact]
    public unsafe void Header_sizes_are_the_wire_sizes()
    {
        Assert.Equal(8, sizeof(Icmpv6Header));
        Assert.Equal(2, sizeof(Ipv6OptionsHeader));
        Assert.Equal(8, sizeof(Ipv6FragmentHeader));
        Assert.Equal(28, sizeof(ArpHeader));
        Assert.Equal(4, sizeof(GreHeader));
    }
}
