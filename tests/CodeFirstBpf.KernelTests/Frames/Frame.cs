using System;

namespace CodeFirstBpf.KernelTests.Frames;

/// <summary>One test frame: a whole Ethernet frame and a name that says how it was made.</summary>
/// <param name="Name">E.g. <c>ipv4-tcp-syn-22/cut@33</c> or <c>mutant#12(bitflip@20)</c>.</param>
/// <param name="Bytes">The frame, at least <see cref="Frame.MinLength"/> bytes.</param>
public sealed record Frame(string Name, byte[] Bytes)
{
    /// <summary>The shortest frame <c>BPF_PROG_TEST_RUN</c> accepts for XDP and TC: an Ethernet header (ETH_HLEN).</summary>
    public const int MinLength = 14;

    /// <summary>
    /// The longest frame the corpus makes. TC test runs reject frames that do not fit one page
    /// with the skb head- and tailroom (about 3.7 KiB); XDP accepts more but only linearly to a page.
    /// </summary>
    public const int MaxLength = 1514;

    /// <summary>The frame as lowercase hex.</summary>
    public string Hex => Convert.ToHexString(Bytes).ToLowerInvariant();
}
