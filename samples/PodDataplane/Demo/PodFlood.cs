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
}
