using CodeFirstBpf.KernelTests.Differential;
using Xunit;

namespace CodeFirstBpf.KernelTests.Features;

/// <summary>Global variables declared as C# static fields, set and read from userspace through the typed accessors.</summary>
public class ThresholdsTests
{
    [SkippableFact]
    public void Defaults_apply_and_mutable_globals_are_shared_with_userspace()
    {
        Kernel.Require();
        using var loaded = Thresholds.Load();
        var check = loaded.Programs.Check;
        Assert.Equal(XdpAction.Pass, check.TestRun(new byte[64]).Action);
        Assert.Equal(XdpAction.Drop, check.TestRun(new byte[40]).Action);
        Assert.Equal(2ul, loaded.Globals.Seen);
        Assert.Equal(7u, loaded.Globals.Generation);
        Assert.Equal(60u, loaded.Globals.MinLength);

        loaded.Globals.Generation = 8;
        Assert.Equal(XdpAction.Tx, check.TestRun(new byte[64]).Action);
        loaded.Globals.Seen = 100;
        check.TestRun(new byte[64]);
        Assert.Equal(101ul, loaded.Globals.Seen);
    }

    [SkippableFact]
    public void Config_values_are_set_before_load()
    {
        Kernel.Require();
        using (var strict = Thresholds.Load(Thresholds.Configure(MinLength: 100)))
        {
            Assert.Equal(100u, strict.Globals.MinLength);
            Assert.Equal(XdpAction.Drop, strict.Programs.Check.TestRun(new byte[64]).Action);
        }
        using var lenient = Thresholds.Load(Thresholds.Configure(DropSmall: false));
        Assert.Equal(XdpAction.Pass, lenient.Programs.Check.TestRun(new byte[40]).Action);
    }
}
