using System;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace CodeFirstBpf.Samples;

/// <summary>
/// Sends ICMP echo requests and UDP datagrams from inside a network namespace. The thread joins
/// the namespace with setns(2) before it creates its sockets, and a socket stays in the namespace
/// it was created in, so no external tool (ping, nc) is needed.
/// </summary>
public sealed class TrafficSender
{
    private readonly string _namespacePath;
    private readonly IPAddress _target;
    private readonly int _udpPort;
    private readonly int _udpFlows;

    /// <param name="namespacePath">The network namespace to send from.</param>
    /// <param name="target">Where ICMP and UDP go.</param>
    /// <param name="udpPort">The UDP destination port.</param>
    /// <param name="udpFlows">How many UDP sockets (so how many source ports, so flows) to send from, in turn.</param>
    public TrafficSender(string namespacePath, IPAddress target, int udpPort, int udpFlows = 1)
    {
        _namespacePath = namespacePath;
        _target = target;
        _udpPort = udpPort;
        _udpFlows = udpFlows;
    }

    public int IcmpSent;
    public int UdpSent;

    /// <summary>Starts sending one echo request and one datagram every <paramref name="interval"/> until cancelled.</summary>
    public Thread Start(TimeSpan interval, CancellationToken stop)
    {
        Exception? failure = null;
        using var ready = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            try
            {
                Netns.Enter(_namespacePath);
                using var icmp = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp);
                var udp = new Socket[_udpFlows];
                for (int i = 0; i < udp.Length; i++) udp[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                ready.Set();
                var icmpTo = new IPEndPoint(_target, 0);
                var udpTo = new IPEndPoint(_target, _udpPort);
                byte[] echo = new byte[16];
                byte[] payload = "CodeFirstBpf demo"u8.ToArray();
                for (ushort seq = 1; !stop.IsCancellationRequested; seq++)
                {
                    BuildEcho(echo, (ushort)Environment.ProcessId, seq);
                    icmp.SendTo(echo, icmpTo);
                    Interlocked.Increment(ref IcmpSent);
                    udp[seq % udp.Length].SendTo(payload, udpTo);
                    Interlocked.Increment(ref UdpSent);
                    stop.WaitHandle.WaitOne(interval);
                }
                foreach (var s in udp) s.Dispose();
            }
            catch (Exception e)
            {
                failure = e;
                ready.Set();
            }
        })
        { IsBackground = true, Name = "traffic in " + _namespacePath };
        thread.Start();
        ready.Wait();
        if (failure != null) throw new InvalidOperationException("could not start sending traffic: " + failure.Message, failure);
        return thread;
    }

    private static void BuildEcho(byte[] b, ushort id, ushort seq)
    {
        Array.Clear(b);
        b[0] = 8; // echo request
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(6), seq);
        uint sum = 0;
        for (int i = 0; i < b.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i));
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2), (ushort)~sum);
    }
}
