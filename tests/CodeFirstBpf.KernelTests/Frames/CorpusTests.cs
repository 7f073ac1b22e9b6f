using System;
using System.Linq;
using Xunit;

namespace CodeFirstBpf.KernelTests.Frames;

/// <summary>The corpus itself, without a kernel: deterministic, within the test-run limits, and as described.</summary>
public sealed class CorpusTests
{
    [Fact]
    public void IsTheSameFrameForFrameEveryTime()
    {
        var again = FrameCorpus.Build();
        Assert.Equal(FrameCorpus.All.Count, again.Count);
        for (int i = 0; i < again.Count; i++)
        {
            Assert.Equal(FrameCorpus.All[i].Name, again[i].Name);
            Assert.Equal(FrameCorpus.All[i].Bytes, again[i].Bytes);
        }
    }

    [Fact]
    public void KeepsEveryFrameWithinWhatTestRunsAccept()
    {
        Assert.All(FrameCorpus.All, f => Assert.InRange(f.Bytes.Length, Frame.MinLength, Frame.MaxLength));
        Assert.All(FrameCorpus.Tc, f => Assert.True(FrameCorpus.AcceptedBySkbTestRun(f), f.Name));
        Assert.Contains(FrameCorpus.All, f => f.Bytes.Length == Frame.MinLength);
        Assert.True(FrameCorpus.Tc.Count > FrameCorpus.All.Count * 3 / 4);
    }

    [Fact]
    public void BuildsWellFormedBaseFrames()
    {
        var wellFormed = FrameCorpus.All.Where(f => !f.Name.Contains('/') && !f.Name.StartsWith("mutant", StringComparison.Ordinal)
            && !f.Name.StartsWith("ipv4-bad", StringComparison.Ordinal) && !f.Name.StartsWith("ipv4-ihl", StringComparison.Ordinal)
            && !f.Name.StartsWith("ipv4-version", StringComparison.Ordinal) && !f.Name.StartsWith("ipv4-total", StringComparison.Ordinal));
        int ipv4 = 0, l4 = 0;
        foreach (Frame f in wellFormed)
        {
            byte[] b = f.Bytes;
            int at = 12;
            while (Wire.ReadU16(b, at) is Protocols.VlanType or Protocols.QinQType) at += 4;
            if (Wire.ReadU16(b, at) != Protocols.Ipv4Type || b.Length < at + 22) continue;
            int ip = at + 2, ihl = (b[ip] & 0x0F) * 4, total = Wire.ReadU16(b, ip + 2);
            Assert.True(Wire.Checksum(b.AsSpan(ip, ihl)) == 0, f.Name + ": IPv4 header checksum");
            Assert.Equal(b.Length - ip - (f.Name == "arp-padded-60" ? 18 : 0), total);
            ipv4++;
            byte protocol = b[ip + 9];
            bool fragment = (Wire.ReadU16(b, ip + 6) & 0x1FFF) != 0;
            if (fragment || protocol is not (Protocols.Tcp or Protocols.Udp)) continue;
            uint sum = Wire.Sum(b.AsSpan(ip + 12, 8)) + protocol + (uint)(total - ihl);
            Assert.True(Wire.Finish(Wire.Sum(b.AsSpan(ip + ihl, total - ihl), sum)) == 0 || (protocol == Protocols.Udp && Wire.ReadU16(b, ip + ihl + 6) == 0), f.Name + ": L4 checksum");
            l4++;
        }
        Assert.True(ipv4 > 40 && l4 > 30, $"{ipv4} IPv4 and {l4} TCP/UDP frames checked");
    }

    [Fact]
    public void CutsFramesAtEveryHeaderBoundaryAndOneByteEitherSide()
    {
        // QinQ + IPv4 + ICMP: Ethernet 14, two tags to 22, IPv4 to 42, ICMP header to 50.
        var cuts = FrameCorpus.All.Where(f => f.Name.StartsWith("qinq-200-300-icmp/cut@", StringComparison.Ordinal)).Select(f => f.Bytes.Length).ToHashSet();
        foreach (int boundary in new[] { 18, 22, 42, 50 })
        {
            Assert.Contains(boundary - 1, cuts);
            Assert.Contains(boundary, cuts);
            Assert.Contains(boundary + 1, cuts);
        }
        Assert.Contains(14, cuts);
        Assert.Contains(15, cuts);
    }

    [Fact]
    public void MutatesHeaderLengthsBothWays()
    {
        var mutants = FrameCorpus.All.Where(f => f.Name.StartsWith("mutant", StringComparison.Ordinal)).ToList();
        Assert.Equal(FrameCorpus.MutantCount, mutants.Count);
        Assert.Contains(mutants, m => m.Name.Contains("ihl=0", StringComparison.Ordinal) || m.Name.Contains("ihl=4", StringComparison.Ordinal));
        Assert.Contains(mutants, m => m.Name.Contains("ihl=15", StringComparison.Ordinal));
        Assert.Contains(mutants, m => m.Name.Contains("totlen=", StringComparison.Ordinal));
        Assert.Contains(mutants, m => m.Name.Contains("bitflip@", StringComparison.Ordinal));
        Assert.Contains(mutants, m => m.Name.Contains("truncate=", StringComparison.Ordinal));
    }

    [Fact]
    public void ChecksumHelperMatchesRfc1071Example()
    {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (one's complement), checksum 220d.
        Assert.Equal(0x220D, Wire.Checksum([0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7]));
    }
}
