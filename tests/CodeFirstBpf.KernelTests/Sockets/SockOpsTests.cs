using System.Net;
using System.Net.Sockets;
using CodeFirstBpf.KernelTests.Programs;
using CodeFirstBpf.Runtime;
using Xunit;

namespace CodeFirstBpf.KernelTests.Sockets;

/// <summary><see cref="ConnectionCounter"/> on a cgroup the test process enters: real TCP connections over loopback, counted at both ends.</summary>
[Collection(CgroupCollection.Name)]
public sealed class SockOpsTests
{
    private const int Connections = 3;

    [SkippableFact]
    public void Established_connections_are_counted_at_the_client_and_the_server()
    {
        Kernel.Require();
        using var counter = ConnectionCounter.Load();
        using var cgroup = ScratchCgroup.Create();
        int serverPort;
        using (CgroupLink link = counter.Programs.Count.AttachCgroup(cgroup.Path))
        {
            Assert.Matches($@"(?m)^{counter.Programs.Count.Id}\s+\S*sock_ops\s+multi\s+Count\b", Processes.Ok("bpftool", ["cgroup", "show", cgroup.Path]));
            using (cgroup.Enter())
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                serverPort = ((IPEndPoint)listener.LocalEndpoint).Port;
                for (int i = 0; i < Connections; i++)
                {
                    using var client = new TcpClient(AddressFamily.InterNetwork);
                    client.Connect((IPEndPoint)listener.LocalEndpoint);
                    using TcpClient accepted = listener.AcceptTcpClient();
                }
            }
        }
        Assert.Equal((ulong)Connections, counter.Maps.ByOp[(uint)SockOp.ActiveEstablishedCb]);
        Assert.Equal((ulong)Connections, counter.Maps.ByOp[(uint)SockOp.PassiveEstablishedCb]);
        Assert.Equal((ulong)Connections, counter.Maps.ByOp[(uint)SockOp.TcpConnectCb]);
        Assert.Equal((ulong)Connections, counter.Maps.EstablishedByPort[(uint)serverPort]);
    }
}
