using System.Linq;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

public sealed class GlobalsTests
{
    [SkippableFact]
    public void Globals_are_read_and_written_in_place()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("globals");
        XdpProgram program = obj.GetXdpProgram("xdp_drop_short");

        Assert.Equal(
            [("min_length", ".rodata", true), ("dropped", ".bss", false), ("passed", ".data", false)],
            obj.Globals.Variables.Select(v => (v.Name, v.Section, v.IsReadOnly)).OrderBy(v => v.Section == ".rodata" ? 0 : v.Section == ".bss" ? 1 : 2));
        Assert.Equal(100u, obj.Globals.Read<uint>("min_length"));
        Assert.Equal(5ul, obj.Globals.Read<ulong>("passed"));

        Assert.Equal(XdpAction.Drop, program.TestRun(Packets.Arp(), repeat: 4).Action);
        Assert.Equal(4ul, obj.Globals.Read<ulong>("dropped"));

        obj.Globals.Write("dropped", 1000ul);
        program.TestRun(Packets.Arp());
        Assert.Equal(1001ul, obj.Globals.Read<ulong>("dropped"));
    }

    [SkippableFact]
    public void Constants_are_set_before_load()
    {
        Kernel.Require();
        BpfLoadOptions options = new BpfLoadOptions().WithConstant("min_length", 10u);
        using BpfObject obj = BpfPrograms.Load("globals", options);

        Assert.Equal(10u, obj.Globals.Read<uint>("min_length"));
        Assert.Equal(XdpAction.Pass, obj.GetXdpProgram("xdp_drop_short").TestRun(Packets.Arp()).Action);
        Assert.Equal(6ul, obj.Globals.Read<ulong>("passed"));
        var constant = Assert.Throws<BpfException>(() => obj.Globals.Write("min_length", 1u));
        Assert.Equal("Global 'min_length' of BPF object 'globals' is a constant: set it before load through BpfLoadOptions.Constants.", constant.Message);
    }

    [SkippableFact]
    public void Wrong_names_and_sizes_are_refused()
    {
        Kernel.Require();
        var unknown = Assert.Throws<BpfException>(() => BpfPrograms.Load("globals", new BpfLoadOptions().WithConstant("nope", 1)));
        Assert.Equal("BPF object 'globals' has no global variable named 'nope'; its globals are: dropped, min_length, passed.", unknown.Message);
        var size = Assert.Throws<BpfException>(() => BpfPrograms.Load("globals", new BpfLoadOptions().WithConstant("min_length", 1ul)));
        Assert.Equal("Global 'min_length' of BPF object 'globals' is 4 bytes, but its value has 8: pass a value of the variable's type.", size.Message);

        using BpfObject obj = BpfPrograms.Load("globals");
        Assert.Throws<BpfException>(() => obj.Globals.Read<uint>("dropped"));
        Assert.Throws<BpfException>(() => obj.Globals.Read<uint>("missing"));
        Assert.False(obj.Globals.Contains("missing"));
        obj.Dispose();
        Assert.Throws<System.ObjectDisposedException>(() => obj.Globals.Read<ulong>("dropped"));
    }
}
