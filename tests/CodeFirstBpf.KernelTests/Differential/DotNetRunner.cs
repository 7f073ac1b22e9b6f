using System;

namespace CodeFirstBpf.KernelTests.Differential;

/// <summary>
/// Runs a program as ordinary .NET code (SPEC §4): the same C# method over a context built on a
/// copy of the frame, with the Dataplane's in-memory maps. A third opinion next to the kernel runs
/// of the generator's and clang's objects: it says which of two disagreeing sides C# semantics back.
/// Map contents are not compared (the in-memory maps are process-wide statics); verdicts and
/// output frames are.
/// </summary>
public static unsafe class DotNetRunner
{
    /// <summary>Runs an XDP method over a copy of <paramref name="frame"/>.</summary>
    public static FrameResult Xdp(Func<XdpContext, XdpAction> program, byte[] frame)
    {
        byte[] packet = (byte[])frame.Clone();
        fixed (byte* data = packet)
        {
            var md = new XdpMetadata { Data = data, DataEnd = data + packet.Length, DataMeta = data };
            XdpAction verdict = program(new XdpContext(&md));
            return new FrameResult((int)verdict, packet);
        }
    }

    /// <summary>Runs a TC method over a copy of <paramref name="frame"/>, with the skb fields a test run sets.</summary>
    public static FrameResult Tc(Func<TcContext, TcAction> program, byte[] frame)
    {
        byte[] packet = (byte[])frame.Clone();
        fixed (byte* data = packet)
        {
            var md = new TcMetadata
            {
                Data = data,
                DataEnd = data + packet.Length,
                DataMeta = data,
                Len = (uint)packet.Length,
                Protocol = SkbProtocol(packet),
            };
            TcAction verdict = program(new TcContext(&md));
            return new FrameResult((int)verdict, packet);
        }
    }

    /// <summary>
    /// <c>skb-&gt;protocol</c> as <c>eth_type_trans</c> sets it, in network order: the EtherType when it
    /// is one (≥ 0x600), otherwise ETH_P_802_3 (0x0001), or ETH_P_802_2 (0x0004) unless the payload
    /// starts with 0xFFFF (raw 802.3).
    /// </summary>
    public static uint SkbProtocol(byte[] frame)
    {
        int type = (frame[12] << 8) | frame[13];
        if (type < 0x600)
            type = frame.Length >= 16 && frame[14] == 0xFF && frame[15] == 0xFF ? 0x0001 : 0x0004;
        return (uint)(((type & 0xFF) << 8) | (type >> 8));
    }
}
