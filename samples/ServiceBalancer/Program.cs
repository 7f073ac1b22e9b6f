using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using CodeFirstBpf.Runtime;

namespace ServiceBalancerSample;

/// <summary>
/// Connect-time load balancing for local clients, without NAT in TC: the C# cgroup sockaddr
/// programs in ServiceBalancer.cs send connects to a service VIP to its backends. With no arguments
/// it starts two loopback backends, balances a VIP to them for this process (in a cgroup it
/// creates) and removes everything again; with <c>--cgroup PATH --service VIP:PORT --backend
/// IP:PORT …</c> it balances for every process of an existing cgroup until Ctrl+C.
/// </summary>
internal static class Program
{
    private static readonly IPEndPoint DemoVip = new(IPAddress.Parse("10.96.0.10"), 80);

    private static int Main(string[] args)
    {
        try
        {
            string? cgroup = Option(args, "--cgroup");
            return cgroup == null ? Demo() : Serve(cgroup, Option(args, "--service"), Options(args, "--backend"));
        }
        catch (Exception e) when (e is BpfException or FormatException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
    }

    private static int Demo()
    {
        Console.WriteLine($"ServiceBalancer: four C# cgroup sockaddr programs compiled to BPF ({ServiceBalancer.ElfBytes.Length} bytes of ELF)");
        string mount = CgroupV2.MountPoint ?? throw new BpfException("No cgroup2 file system is mounted (see /proc/mounts): the demo needs one.", 2);
        string home = CgroupV2.OfCurrentProcess!;
        string cgroup = Path.Join(mount, $"cfbpf-service-balancer-{Environment.ProcessId}");
        var backends = new[] { new TcpListener(IPAddress.Loopback, 0), new TcpListener(IPAddress.Loopback, 0) };
        Directory.CreateDirectory(cgroup);
        try
        {
            foreach (var b in backends) b.Start();
            using var balancer = ServiceBalancer.Load();
            Configure(balancer, DemoVip, backends.Select(b => (IPEndPoint)b.LocalEndpoint).ToArray());
            Console.WriteLine($"service {DemoVip} -> backends {string.Join(", ", backends.Select(b => b.LocalEndpoint))}; cgroup {cgroup}");
            using var links = new Links(balancer, cgroup);
            CgroupV2.AddProcess(cgroup, Environment.ProcessId);
            try
            {
                for (int i = 0; i < 4; i++)
                {
                    using var client = new TcpClient(AddressFamily.InterNetwork);
                    client.Connect(DemoVip);
                    TcpListener backend = backends.Single(b => b.Server.Poll(2_000_000, SelectMode.SelectRead));
                    using (TcpClient accepted = backend.AcceptTcpClient())
                        accepted.GetStream().Write(Encoding.ASCII.GetBytes($"hello from {backend.LocalEndpoint}"));
                    var buffer = new byte[64];
                    int n = client.GetStream().Read(buffer);
                    Console.WriteLine($"  connect {DemoVip}: peer {client.Client.RemoteEndPoint}, answer \"{Encoding.ASCII.GetString(buffer, 0, n)}\"");
                }
            }
            finally
            {
                CgroupV2.AddProcess(home, Environment.ProcessId);
            }
            Console.WriteLine($"result: {balancer.Maps.Balanced[0]} connections balanced");
        }
        finally
        {
            foreach (var b in backends) b.Dispose();
            Directory.Delete(cgroup);
        }
        Console.WriteLine($"removed cgroup {cgroup}");
        return 0;
    }

    private static int Serve(string cgroup, string? service, IReadOnlyList<string> backends)
    {
        if (service == null || backends.Count == 0)
            throw new FormatException("give the service and its backends: --cgroup PATH --service VIP:PORT --backend IP:PORT [--backend IP:PORT …]");
        using var balancer = ServiceBalancer.Load();
        Configure(balancer, IPEndPoint.Parse(service), backends.Select(IPEndPoint.Parse).ToArray());
        using var links = new Links(balancer, cgroup);
        Console.WriteLine($"balancing {service} to {string.Join(", ", backends)} for cgroup {cgroup}; Ctrl+C stops");
        using var stop = new ManualResetEventSlim();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Set();
        };
        stop.Wait();
        Console.WriteLine($"{balancer.Maps.Balanced[0]} connections balanced");
        return 0;
    }

    /// <summary>One service in slot 0 with its backends from index 0, and the way back from each backend to the VIP.</summary>
    private static void Configure(ServiceBalancer.Loaded balancer, IPEndPoint vip, IPEndPoint[] backends)
    {
        Endpoint4 service = Of(vip);
        balancer.Maps.Services[service] = new Service { First = 0, Count = (uint)backends.Length };
        for (uint i = 0; i < backends.Length; i++)
        {
            balancer.Maps.Backends[i] = Of(backends[i]);
            balancer.Maps.ServiceOf[Of(backends[i])] = service;
        }
    }

    /// <summary>An endpoint as <c>bpf_sock_addr</c> holds it: the address's bytes and <c>htons(port)</c>, in host-order words.</summary>
    private static Endpoint4 Of(IPEndPoint endpoint) => new()
    {
        Ip = BitConverter.ToUInt32(endpoint.Address.GetAddressBytes()),
        Port = BinaryPrimitives.ReverseEndianness((ushort)endpoint.Port),
    };

    private static string? Option(string[] args, string name) => Options(args, name).FirstOrDefault();

    private static List<string> Options(string[] args, string name) =>
        args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => args[p.i + 1]).ToList();

    /// <summary>The four programs attached to one cgroup, detached together.</summary>
    private sealed class Links : IDisposable
    {
        private readonly CgroupLink[] _links;

        public Links(ServiceBalancer.Loaded balancer, string cgroup)
        {
            var p = balancer.Programs;
            _links = [p.Connect4.AttachCgroup(cgroup), p.SendMsg4.AttachCgroup(cgroup), p.RecvMsg4.AttachCgroup(cgroup), p.GetPeerName4.AttachCgroup(cgroup)];
            foreach (CgroupLink link in _links) Console.WriteLine($"attached {link}");
        }

        public void Dispose()
        {
            foreach (CgroupLink link in _links) link.Dispose();
        }
    }
}
