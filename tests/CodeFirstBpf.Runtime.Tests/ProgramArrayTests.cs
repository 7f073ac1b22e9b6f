using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

public sealed class ProgramArrayTests
{
    [SkippableFact]
    public void Tail_calls_follow_the_program_array()
    {
        Kernel.Require();
        using BpfObject obj = BpfPrograms.Load("tailcalls");
        var table = new ProgramArrayMap(obj, "jump_table");
        XdpProgram dispatch = obj.GetXdpProgram("xdp_dispatch");

        Assert.Equal(XdpAction.Pass, dispatch.TestRun(Packets.Arp()).Action);
        Assert.False(table.TryGetProgramId(1, out _));

        table.Set(1, obj.GetXdpProgram("xdp_target_drop"));
        Assert.Equal(XdpAction.Drop, dispatch.TestRun(Packets.Arp()).Action);
        Assert.True(table.TryGetProgramId(1, out uint id));
        Assert.Equal(obj.GetXdpProgram("xdp_target_drop").Id, id);

        table.Set(1, obj.GetXdpProgram("xdp_target_tx"));
        Assert.Equal(XdpAction.Tx, dispatch.TestRun(Packets.Arp()).Action);

        Assert.True(table.Remove(1));
        Assert.False(table.Remove(1));
        Assert.Equal(XdpAction.Pass, dispatch.TestRun(Packets.Arp()).Action);
        Assert.Throws<System.ArgumentOutOfRangeException>(() => table.Set(4, dispatch));
    }
}
