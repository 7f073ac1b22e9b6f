using System;
using System.Collections.Generic;
using System.Linq;
using CodeFirstBpf.KernelTests.Differential;
using CodeFirstBpf.KernelTests.Frames;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.KernelTests.Oracles;

/// <summary>
/// Checks that the programs do real protocol work, for both implementations: rewritten frames
/// carry valid checksums, replies are well formed, verdicts follow the rule the program states.
/// Without these, a C# object and a twin that both did nothing would agree perfectly.
/// </summary>
public sealed class ProtocolOracleTests
{
    /// <summary>xunit data: every implementation of a program.</summary>
    public static IEnumerable<object[]> Implementations => [["clang"], ["csharp"]];

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void IcmpFilterDropsExactlyIpv4IcmpAndCountsEveryFrame(string implementation)
    {
        var (pair, frames, run) = Run("IcmpFilter", implementation);
        for (int i = 0; i < frames.Count; i++)
        {
            var f = new FrameView(frames[i].Bytes);
            bool icmp = f.Has(34) && f.U16(12) == Protocols.Ipv4Type && f.Bytes[23] == Protocols.Icmp;
            Assert.True((icmp ? (int)XdpAction.Drop : (int)XdpAction.Pass) == run.Frames[i].Verdict, $"frame #{i} '{frames[i].Name}'");
        }
        ulong packets = PerCpuSum(run.Maps.Single(m => m.Name == "PacketCount").Entries[0].Value);
        Assert.Equal((ulong)frames.Count, packets);
        ulong drops = run.Maps.Single(m => m.Name == "DropsBySource").Entries.Aggregate(0UL, (s, e) => s + BitConverter.ToUInt64(e.Value));
        Assert.Equal((ulong)run.Frames.Count(r => r.Verdict == (int)XdpAction.Drop), drops);
    }

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void TtlRouterForwardsWithADecrementedTtlAndAValidChecksum(string implementation)
    {
        var (_, frames, run) = Run("TtlRouter", implementation);
        int checkedFrames = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            var input = new FrameView(frames[i].Bytes);
            var output = new FrameView(run.Frames[i].Packet);
            if (run.Frames[i].Verdict != (int)XdpAction.Tx) continue;
            Assert.Equal(input.Bytes[..6], output.Bytes[6..12]);
            if (input.IsIpv4(out int ip))
            {
                Assert.Equal(input.Bytes[ip + 8] - 1, output.Bytes[ip + 8]);
                if (input.Ipv4HeaderLength(ip, out int ihl) && input.Ipv4HeaderChecksumValid(ip, ihl))
                {
                    Assert.True(output.Ipv4HeaderChecksumValid(ip, ihl), $"frame #{i} '{frames[i].Name}': checksum broken by the TTL rewrite");
                    checkedFrames++;
                }
            }
            else if (input.IsIpv6(out int ip6))
            {
                Assert.Equal(input.Bytes[ip6 + 7] - 1, output.Bytes[ip6 + 7]);
            }
        }
        Assert.True(checkedFrames > 20, $"only {checkedFrames} forwarded IPv4 frames had a checkable checksum");
    }

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void EchoReflectorRepliesWithValidChecksums(string implementation)
    {
        var (_, frames, run) = Run("EchoReflector", implementation);
        int replies = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            if (run.Frames[i].Verdict != (int)XdpAction.Tx || !IsWhole(frames[i])) continue;
            var input = new FrameView(frames[i].Bytes);
            var output = new FrameView(run.Frames[i].Packet);
            if (output.IsIpv4(out int ip))
            {
                Assert.Equal(0, output.Bytes[ip + 20]);
                Assert.True(output.Ipv4HeaderChecksumValid(ip, 20), $"frame #{i}: IPv4 checksum");
                Assert.Equal(0, Wire.Checksum(output.Bytes.AsSpan(ip + 20, output.U16(ip + 2) - 20)));
                Assert.Equal(input.Bytes[(ip + 12)..(ip + 16)], output.Bytes[(ip + 16)..(ip + 20)]);
            }
            else
            {
                Assert.True(output.IsIpv6(out int ip6));
                Assert.Equal(129, output.Bytes[ip6 + 40]);
                Assert.True(output.L4ChecksumValid(ip6 + 8, 16, Protocols.Icmpv6, ip6 + 40, output.U16(ip6 + 4)), $"frame #{i}: ICMPv6 checksum");
            }
            replies++;
        }
        Assert.True(replies >= 4, $"only {replies} echo replies to whole requests");
    }

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void TcNatRewritesToTheBackendWithValidChecksums(string implementation) => AssertNatRewrites("TcNat", implementation);

    /// <summary>The same NAT done with LoadBytes/StoreBytes/CsumDiff/L3CsumReplace/L4CsumReplace: the kernel's checksums must be right too.</summary>
    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void HelperNatRewritesToTheBackendWithValidChecksums(string implementation) => AssertNatRewrites("HelperNat", implementation);

    private void AssertNatRewrites(string pair, string implementation)
    {
        var (_, frames, run) = Run(pair, implementation);
        int rewritten = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            var input = new FrameView(frames[i].Bytes);
            var output = new FrameView(run.Frames[i].Packet);
            if (input.Bytes.AsSpan().SequenceEqual(output.Bytes)) continue;
            Assert.True(output.IsIpv4(out int ip), $"frame #{i}");
            Assert.True(output.Ipv4HeaderLength(ip, out int ihl), $"frame #{i}");
            Assert.Equal(Protocols.Ip("10.1.2.3"), output.Bytes[(ip + 16)..(ip + 20)]);
            Assert.Equal(80, output.U16(ip + ihl + 2));
            if (!IsWhole(frames[i])) continue;
            Assert.True(output.Ipv4HeaderChecksumValid(ip, ihl), $"frame #{i} '{frames[i].Name}': IPv4 checksum");
            int l4Length = output.U16(ip + 2) - ihl;
            bool noUdpChecksum = output.Bytes[ip + 9] == Protocols.Udp && output.U16(ip + ihl + 6) == 0;
            Assert.True(noUdpChecksum || output.L4ChecksumValid(ip + 12, 4, output.Bytes[ip + 9], ip + ihl, l4Length), $"frame #{i} '{frames[i].Name}': L4 checksum");
            rewritten++;
        }
        Assert.True(rewritten >= 4, $"only {rewritten} whole frames were rewritten");
    }

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void ArpResponderAnswersFor10Slash8WithTheDerivedMac(string implementation)
    {
        var (_, frames, run) = Run("ArpResponder", implementation);
        int answers = 0;
        for (int i = 0; i < frames.Count; i++)
        {
            if (run.Frames[i].Verdict != (int)XdpAction.Tx) continue;
            byte[] a = frames[i].Bytes, b = run.Frames[i].Packet;
            Assert.Equal(2, Wire.ReadU16(b, 20));
            byte[] mac = [0x02, 0x00, .. a[38..42]];
            Assert.Equal(mac, b[22..28]);
            Assert.Equal(mac, b[6..12]);
            Assert.Equal(a[6..12], b[0..6]);
            Assert.Equal(a[28..32], b[38..42]);
            Assert.Equal(a[38..42], b[28..32]);
            Assert.Equal(10, a[38]);
            answers++;
        }
        Assert.True(answers >= 3, $"only {answers} ARP answers");
    }

    private static (ProgramPair Pair, IReadOnlyList<Frame> Frames, RunResult Run) Run(string name, string implementation)
    {
        Kernel.Require();
        ProgramPair pair = ProgramPair.Named(name);
        using CpuPinning pin = CpuPinning.ToCurrentCpu();
        using BpfObject obj = implementation == "clang" ? pair.LoadC() : pair.LoadCSharp();
        return (pair, pair.Frames, ProgramRunner.Run(obj, pair, pair.Frames));
    }

    /// <summary>A base frame or its second pass: neither cut nor mutated, so lengths in headers match the frame.</summary>
    private static bool IsWhole(Frame frame) => !frame.Name.Contains("/cut@", StringComparison.Ordinal) && !frame.Name.StartsWith("mutant", StringComparison.Ordinal);

    private static ulong PerCpuSum(byte[] value)
    {
        ulong sum = 0;
        for (int i = 0; i + 8 <= value.Length; i += 8) sum += BitConverter.ToUInt64(value, i);
        return sum;
    }
}
