using System;
using System.IO;
using CodeFirstBpf.Runtime.Tests.Infrastructure;
using Xunit;

namespace CodeFirstBpf.Runtime.Tests;

public sealed class PinningTests
{
    [SkippableFact]
    public void Two_loads_share_a_pinned_map()
    {
        Kernel.Require();
        string pinDirectory = $"/sys/fs/bpf/cfbrt{Guid.NewGuid():N}"[..32];
        var options = new BpfLoadOptions { PinPath = pinDirectory, PinnedMaps = ["shared_counter"] };
        try
        {
            using BpfObject first = BpfPrograms.Load("pinned", options);
            var firstCounter = new ArrayMap<ulong>(first, "shared_counter");
            firstCounter[0] = 41;
            Assert.Equal(Path.Join(pinDirectory, "shared_counter"), first.GetMap("shared_counter").PinPath);
            Assert.True(File.Exists(Path.Join(pinDirectory, "shared_counter")));
            Assert.True(File.Exists(Path.Join(pinDirectory, "declared_pin")), "libbpf did not pin the map declared with pinning = LIBBPF_PIN_BY_NAME under PinPath");

            using BpfObject second = BpfPrograms.Load("pinned", options);
            var secondCounter = new ArrayMap<ulong>(second, "shared_counter");
            Assert.Equal(41ul, secondCounter[0]);
            Assert.Equal(first.GetMap("shared_counter").Id, second.GetMap("shared_counter").Id);

            second.GetXdpProgram("xdp_bump_shared").TestRun(Packets.Arp());
            Assert.Equal(42ul, firstCounter[0]);

            using BpfMapHandle opened = BpfMapHandle.OpenPinned(Path.Join(pinDirectory, "shared_counter"));
            Assert.Equal(42ul, new ArrayMap<ulong>(opened)[0]);
            Assert.Equal("shared_counter", opened.Name);
        }
        finally
        {
            if (Directory.Exists(pinDirectory))
                Directory.Delete(pinDirectory, recursive: true);
        }
        Assert.False(Directory.Exists(pinDirectory));
    }

    [SkippableFact]
    public void Pinning_outside_bpffs_names_the_mounted_bpffs_to_pin_under()
    {
        Kernel.Require();
        string directory = Directory.CreateTempSubdirectory("cfbrt-notbpf-").FullName;
        try
        {
            var error = Assert.Throws<BpfException>(() =>
                BpfPrograms.Load("pinned", new BpfLoadOptions { PinPath = directory, PinnedMaps = ["shared_counter"] }));
            string bpffs = BpfErrors.BpfFileSystemMounts()[0];
            Assert.Equal($"'{directory}' is not on a BPF filesystem, so nothing can be pinned there: pin under the BPF filesystem mounted at {string.Join(", ", BpfErrors.BpfFileSystemMounts())} instead (e.g. {bpffs}/myapp).", error.Message);

            // Without PinnedMaps, libbpf itself pins the map declared with pinning = LIBBPF_PIN_BY_NAME.
            var declared = Assert.Throws<BpfException>(() => BpfPrograms.Load("pinned", new BpfLoadOptions { PinPath = directory }));
            Assert.Equal(error.Message, declared.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [SkippableFact]
    public void Pinning_an_unknown_map_names_the_maps_there_are()
    {
        Kernel.Require();
        var error = Assert.Throws<BpfException>(() =>
            BpfPrograms.Load("pinned", new BpfLoadOptions { PinPath = "/sys/fs/bpf", PinnedMaps = ["nope"] }));
        Assert.Equal("BPF object 'pinned' has no map named 'nope' to pin; its maps are: shared_counter, declared_pin.", error.Message);
    }

    [SkippableFact]
    public void Programs_and_maps_can_be_pinned_by_path()
    {
        Kernel.Require();
        string pinDirectory = $"/sys/fs/bpf/cfbrt{Guid.NewGuid():N}"[..32];
        Directory.CreateDirectory(pinDirectory);
        try
        {
            using BpfObject obj = BpfPrograms.Load("rewrite");
            obj.GetXdpProgram("xdp_swap_macs").Pin(Path.Join(pinDirectory, "prog"));
            Assert.Contains("xdp_swap_macs", Processes.Ok("bpftool", ["prog", "show", "pinned", Path.Join(pinDirectory, "prog")]));

            var error = Assert.Throws<BpfException>(() => BpfMapHandle.OpenPinned(Path.Join(pinDirectory, "prog")));
            Assert.Contains("is not a BPF map", error.Message);
            Assert.Throws<BpfException>(() => BpfMapHandle.OpenPinned(Path.Join(pinDirectory, "missing")));
        }
        finally
        {
            Directory.Delete(pinDirectory, recursive: true);
        }
    }

    [SkippableFact]
    public void Each_pin_failure_says_what_is_true_of_the_path()
    {
        Kernel.Require();
        string root = Path.Combine(BpfErrors.BpfFileSystemMounts()[0], "cfbrt-pins-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            // The object's declared pin goes under root too, so nothing is left in the bpffs root.
            Directory.CreateDirectory(Path.Combine(root, "declared"));
            using var obj = BpfPrograms.Load("pinned", new BpfLoadOptions { PinPath = Path.Combine(root, "declared") });
            var map = obj.Maps[0];
            string missing = Path.Combine(root, "no", "such");
            var e = Assert.Throws<BpfException>(() => map.Pin(Path.Combine(missing, "m")));
            Assert.Contains($"the directory '{missing}' does not exist; create it first (mkdir -p {missing})", e.Message);
            Assert.DoesNotContain("mount", e.Message);

            e = Assert.Throws<BpfException>(() => map.Pin(Path.Combine(root, "my.map")));
            Assert.Contains("the BPF filesystem refuses names with a dot ('my.map'); use another name, e.g. 'my_map'", e.Message);

            map.Pin(Path.Combine(root, "m"));
            e = Assert.Throws<BpfException>(() => map.Pin(Path.Combine(root, "m")));
            Assert.Contains($"something is already pinned at '{Path.Combine(root, "m")}'", e.Message);

            e = Assert.Throws<BpfException>(() => BpfMapHandle.OpenPinned(Path.Combine(root, "gone")));
            Assert.EndsWith($"nothing is pinned at '{Path.Combine(root, "gone")}'.", e.Message);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
