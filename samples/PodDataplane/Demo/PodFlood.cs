using System;
using System.Net;
using System.Net.Sockets;
using CodeFirstBpf.Samples;

namespace PodDataplane.Demo;

/// <summary>A burst of UDP datagrams from one of a pod's addresses.</summary>
public static class PodFlood
{
    /// <summary>Sends <paramref name="count"/> datagrams from <paramref name="source"/> in <paramref name="pod"/> to <paramref name="target"/> as fast as the socket takes them.</summary>
    public static int Send(Pod pod, IPAddress source, IPEndPoint target, int count)
    {
        using var socket = Netns.Run(pod.NamespacePath, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(source, 0));
            return s;
        });
        byte[] payload = new byte[64];
        int sent = 0;
        for (int i = 0; i < count; i++)
        {
            try
            {
                socket.SendTo(payload, target);
                sent++;
            }
            catch (SocketException) { }
        }
        return sent;
    }

    /// <summary>
    /// The pod's eth0 tx_dropped counter. A veth whose peer runs XDP hands frames to the peer's NAPI
    /// ring; when a fast sender fills it, the frame is dropped here, counted, and the socket still
    /// reports success (UDP ignores ENOBUFS), so XDP never sees it.
    /// </summary>
    public static ulong TxDropped(Pod pod)
    {
        string json = TestNetwork.IpText($"-n {pod.Namespace} -s -j link show eth0");
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return doc.RootElement[0].GetProperty("stats64").GetProperty("tx").GetProperty("dropped").GetUInt64();
    }
}
