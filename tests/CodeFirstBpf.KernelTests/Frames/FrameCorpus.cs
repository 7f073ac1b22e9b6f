using System;
using System.Collections.Generic;
using System.Linq;

namespace CodeFirstBpf.KernelTests.Frames;

/// <summary>
/// The deterministic frame corpus every program pair runs: the well-formed <see cref="BaseFrames"/>,
/// each cut at every header boundary and one byte either side, seeded mutants of them, and a
/// second pass over some base frames so map entries are also updated, not only created.
/// </summary>
public static class FrameCorpus
{
    /// <summary>The seed of the mutants; change it only together with every recorded expectation.</summary>
    public const ulong MutationSeed = 0x5EED_CF_B9F;

    /// <summary>How many mutants the corpus holds.</summary>
    public const int MutantCount = 400;

    private static readonly Lazy<IReadOnlyList<Frame>> s_all = new(Build);
    private static readonly Lazy<IReadOnlyList<Frame>> s_tc = new(() => All.Where(AcceptedBySkbTestRun).ToList());

    /// <summary>The whole corpus, in its fixed order: what XDP programs run (the XDP test run takes any frame of 14 bytes or more).</summary>
    public static IReadOnlyList<Frame> All => s_all.Value;

    /// <summary>The corpus without the frames a TC (skb) test run refuses, in the same order.</summary>
    public static IReadOnlyList<Frame> Tc => s_tc.Value;

    /// <summary>
    /// Whether <c>BPF_PROG_TEST_RUN</c> of a TC program takes the frame: since kernel 6.x it pulls the
    /// network header of IPv4 and IPv6 frames and fails with EINVAL when the frame is too short for
    /// it (checked on 6.18: IPv4 needs 34 bytes, IPv6 54; header contents are not checked).
    /// </summary>
    public static bool AcceptedBySkbTestRun(Frame frame)
    {
        int type = (frame.Bytes[12] << 8) | frame.Bytes[13];
        return type switch
        {
            0x0800 => frame.Bytes.Length >= 14 + 20,
            0x86DD => frame.Bytes.Length >= 14 + 40,
            _ => true,
        };
    }

    /// <summary>Builds the corpus anew (<see cref="All"/> is built once per process).</summary>
    public static IReadOnlyList<Frame> Build()
    {
        var bases = BaseFrames.All().Select(b => (b.Name, b.Packet, Bytes: b.Packet.ToArray())).ToList();
        var frames = new List<Frame>();
        foreach (var (name, _, bytes) in bases) frames.Add(new Frame(name, bytes));
        foreach (var (name, packet, bytes) in bases) frames.AddRange(Truncations(name, packet, bytes));
        var rng = new Prng(MutationSeed);
        for (int i = 0; i < MutantCount; i++)
        {
            var (name, _, bytes) = bases[rng.Below(bases.Count)];
            frames.Add(Mutate(rng, i, name, bytes));
        }
        foreach (var (name, _, bytes) in bases.Where((_, i) => i % 3 == 0)) frames.Add(new Frame(name + "/again", bytes));
        foreach (Frame f in frames)
        {
            if (f.Bytes.Length is < Frame.MinLength or > Frame.MaxLength)
                throw new InvalidOperationException($"Corpus frame '{f.Name}' has {f.Bytes.Length} bytes, outside [{Frame.MinLength}, {Frame.MaxLength}].");
        }
        return frames;
    }

    /// <summary>The frame cut at every header boundary and one byte either side.</summary>
    public static IEnumerable<Frame> Truncations(string name, Packet packet, byte[] bytes)
    {
        var lengths = new SortedSet<int>();
        foreach (int boundary in packet.Boundaries)
        {
            for (int delta = -1; delta <= 1; delta++)
            {
                int length = boundary + delta;
                if (length >= Frame.MinLength && length < bytes.Length) lengths.Add(length);
            }
        }
        foreach (int length in lengths) yield return new Frame($"{name}/cut@{length}", bytes[..length]);
    }

    private static Frame Mutate(Prng rng, int index, string baseName, byte[] original)
    {
        var bytes = new List<byte>(original);
        var applied = new List<string>();
        int count = rng.Between(1, 3);
        for (int m = 0; m < count; m++) applied.Add(MutateOnce(rng, bytes));
        return new Frame($"mutant#{index}({baseName}: {string.Join(", ", applied)})", bytes.ToArray());
    }

    private static string MutateOnce(Prng rng, List<byte> b)
    {
        bool ipv4 = b.Count >= 34 && b[12] == 0x08 && b[13] == 0x00;
        bool ipv6 = b.Count >= 54 && b[12] == 0x86 && b[13] == 0xDD;
        switch (rng.Below(10))
        {
            case 0:
            {
                int at = rng.Below(Math.Min(b.Count, 96));
                int bit = rng.Below(8);
                b[at] ^= (byte)(1 << bit);
                return $"bitflip@{at}.{bit}";
            }
            case 1:
            {
                int at = rng.Below(Math.Min(b.Count, 96));
                b[at] = rng.Pick<byte>(0x00, 0xFF, 0x80, 0x7F, rng.Byte());
                return $"byte@{at}={b[at]:x2}";
            }
            case 2 when ipv4:
            {
                int ihl = rng.Pick(0, 1, 4, 5, 6, 7, 14, 15, rng.Below(16));
                b[14] = (byte)((b[14] & 0xF0) | ihl);
                return $"ihl={ihl}";
            }
            case 3 when ipv4:
            {
                int total = rng.Pick(0, 19, 20, b.Count - 14 + 1, 0xFFFF, rng.Below(0x10000));
                b[16] = (byte)(total >> 8);
                b[17] = (byte)total;
                return $"totlen={total}";
            }
            case 4 when ipv4 && b.Count >= 40:
            {
                int length = rng.Pick(0, 7, 8, 0xFFFF, rng.Below(0x10000));
                int at = 14 + (b[14] & 0x0F) * 4 + 4;
                if (at + 2 > b.Count) return "l4len=skipped";
                b[at] = (byte)(length >> 8);
                b[at + 1] = (byte)length;
                return $"l4len@{at}={length}";
            }
            case 5 when ipv6:
            {
                int at = rng.Pick(18, 19, 20, 55, 56);
                if (at >= b.Count) at = 20;
                b[at] = rng.Pick<byte>(0, 1, 43, 44, 60, 0xFF, rng.Byte());
                return $"v6byte@{at}={b[at]:x2}";
            }
            case 6:
            {
                int length = rng.Between(Frame.MinLength, b.Count);
                b.RemoveRange(length, b.Count - length);
                return $"truncate={length}";
            }
            case 7:
            {
                // A frame already at MaxLength has no room: Between(1, 0) would divide by zero.
                int room = Math.Min(64, Frame.MaxLength - b.Count);
                if (room <= 0) return "extend=skipped";
                int extra = rng.Between(1, room);
                b.AddRange(rng.Bytes(extra));
                return $"extend+{extra}";
            }
            case 8:
            {
                ushort type = rng.Pick<ushort>(0x0800, 0x86DD, 0x0806, 0x8100, 0x88A8, 0x0000, 0xFFFF);
                b[12] = (byte)(type >> 8);
                b[13] = (byte)type;
                return $"ethertype={type:x4}";
            }
            default:
            {
                if (b.Count + 4 > Frame.MaxLength) return "vlan=skipped";
                ushort tci = (ushort)rng.Next();
                b.InsertRange(12, [0x81, 0x00, (byte)(tci >> 8), (byte)tci]);
                return $"vlan+{tci:x4}";
            }
        }
    }
}
