using IcmpFilterSample;
using Xunit;

namespace CodeFirstBpf.Samples.Tests;

/// <summary>The exported object of the sample loads with the standard tools nobody here wrote.</summary>
public sealed class InteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cfb-interop").FullName;
    private readonly string _object;
    private readonly string _veth = "cfbi" + Random.Shared.Next(10000, 99999);

    public InteropTests()
    {
        _object = Path.Combine(_dir, "IcmpFilter.o");
        File.WriteAllBytes(_object, IcmpFilter.ElfBytes.ToArray());
    }

    [SkippableFact]
    public void Bpftool_loads_the_object()
    {
        Kernel.Require();
        string pin = "/sys/fs/bpf/cfb_interop_" + Environment.ProcessId;
        try
        {
            Processes.Ok("bpftool", $"prog load {_object} {pin}");
            string show = Processes.Ok("bpftool", $"prog show pinned {pin}");
            Assert.Contains("xdp", show);
            Assert.Contains("name DropIcmp", show);
            Assert.Contains("gpl", show);
        }
        finally
        {
            File.Delete(pin);
        }
    }

    [SkippableFact]
    public void Ip_link_attaches_the_object_to_a_veth()
    {
        Kernel.Require();
        Processes.Ok("ip", $"link add {_veth}a type veth peer name {_veth}b");
        try
        {
            Processes.Ok("ip", $"link set dev {_veth}a xdp obj {_object} sec xdp");
            string link = Processes.Ok("ip", $"link show dev {_veth}a");
            Assert.Contains("prog/xdp", link);
            Processes.Ok("ip", $"link set dev {_veth}a xdp off");
            Assert.DoesNotContain("prog/xdp", Processes.Ok("ip", $"link show dev {_veth}a"));
        }
        finally
        {
            Processes.Run("ip", $"link del {_veth}a");
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
