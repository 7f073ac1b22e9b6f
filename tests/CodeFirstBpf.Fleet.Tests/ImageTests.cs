using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using CodeFirstBpf;
using CodeFirstBpf.Cli.Tests;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Fleet.Tests;

/// <summary>
/// The demo's class (samples/IcmpFilter) as a bpfman bytecode image, end to end with real parts:
/// two separate <c>cfbpf image build</c> runs, skopeo reading the layout and the registry, a real
/// docker-registry process, <c>cfbpf image push</c>, and <see cref="BpfObject.LoadFromImage"/>
/// loading the pulled object into the kernel and test-running it.
/// </summary>
public sealed class ImageTests : IDisposable
{
    private const string Programs = """{"DropIcmp":"xdp"}""";
    private const string Maps = """{"DropsBySource":"hash","PacketCount":"per_cpu_array"}""";
    private const string LayerType = "application/vnd.oci.image.layer.v1.tar+gzip";
    private const uint Source = 0x0A000005;
    private readonly string _dir = Directory.CreateTempSubdirectory("cfb-fleet").FullName;

    [SkippableFact]
    public void Two_builds_give_the_same_digest_and_skopeo_reads_the_labels_and_one_layer()
    {
        Kernel.RequireTools("skopeo");
        string first = Tools.BuildIcmpFilter(Path.Combine(_dir, "a"), "registry.example:5000/fleet/icmpfilter:v1");
        string second = Tools.BuildIcmpFilter(Path.Combine(_dir, "b"), "v1");
        Assert.Equal(first, second);
        foreach (string file in Directory.GetFiles(Path.Combine(_dir, "a"), "*", SearchOption.AllDirectories))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(file.Replace(Path.Combine(_dir, "a"), Path.Combine(_dir, "b"))));

        using var inspect = Tools.Skopeo($"oci:{_dir}/a:v1");
        Assert.Equal(first, inspect.RootElement.GetProperty("Digest").GetString());
        AssertLabels(inspect.RootElement);
        using var raw = Tools.Skopeo($"oci:{_dir}/a:v1", raw: true);
        var layer = Assert.Single(raw.RootElement.GetProperty("layers").EnumerateArray());
        Assert.Equal(LayerType, layer.GetProperty("mediaType").GetString());

        // The layer, read with the BCL's own gzip and tar: one file at the root, the class's object, fixed metadata.
        string blob = Path.Combine(_dir, "a", "blobs", "sha256", layer.GetProperty("digest").GetString()![7..]);
        using var reader = new TarReader(new GZipStream(File.OpenRead(blob), CompressionMode.Decompress));
        var entry = reader.GetNextEntry()!;
        Assert.Equal("IcmpFilter.o", entry.Name);
        Assert.Equal(DateTimeOffset.UnixEpoch, entry.ModificationTime);
        Assert.Equal((0, 0), (entry.Uid, entry.Gid));
        using var content = new MemoryStream();
        entry.DataStream!.CopyTo(content);
        Assert.Equal(IcmpFilterSample.IcmpFilter.ElfBytes.ToArray(), content.ToArray());
        Assert.Null(reader.GetNextEntry());
    }

    [SkippableFact]
    public void Pushed_to_a_registry_inspected_by_skopeo_and_loaded_back_by_reference_it_drops_icmp()
    {
        Kernel.Require();
        using var registry = LocalRegistry.Start();
        string reference = $"{registry.Address}/fleet/icmpfilter:v1";
        string built = Tools.BuildIcmpFilter(Path.Combine(_dir, "image"), reference);
        string pushed = Tools.Cfbpf("image", "push", Path.Combine(_dir, "image"), reference).EnsureSuccess().Stdout.Trim();
        Assert.Equal($"{registry.Address}/fleet/icmpfilter@{built}", pushed);

        using var inspect = Tools.Skopeo("docker://" + reference);
        Assert.Equal(built, inspect.RootElement.GetProperty("Digest").GetString());
        Assert.Equal("v1", Assert.Single(inspect.RootElement.GetProperty("RepoTags").EnumerateArray()).GetString());
        AssertLabels(inspect.RootElement);
        using var raw = Tools.Skopeo("docker://" + reference, raw: true);
        Assert.Equal(LayerType, Assert.Single(raw.RootElement.GetProperty("layers").EnumerateArray()).GetProperty("mediaType").GetString());

        foreach (string r in new[] { reference, $"{registry.Address}/fleet/icmpfilter@{built}" })
        {
            using var obj = BpfObject.LoadFromImage(r);
            Assert.Equal("IcmpFilter", obj.Name);
            var drop = obj.GetXdpProgram("DropIcmp");
            Assert.Equal(XdpAction.Drop, drop.TestRun(Frames.Ipv4(Source, 1, 64)).Action);
            Assert.Equal(XdpAction.Pass, drop.TestRun(Frames.Ipv4(Source, 17, 64)).Action);
            // The dropped frame was counted in the object's own map: the pulled object is the program, maps and all.
            var count = new byte[8];
            Assert.True(obj.GetMap("DropsBySource").TryLookup(BitConverter.GetBytes(Source), count));
            Assert.Equal(1ul, BitConverter.ToUInt64(count));
        }
    }

    [SkippableFact]
    public void A_control_plane_reads_the_maps_the_loader_of_the_image_pinned()
    {
        // bpfman pins an application's maps under one directory per load (/run/bpfman/fs/maps/<id>)
        // and the control plane opens them by path; here the same with a bpffs directory of our own.
        Kernel.Require();
        using var registry = LocalRegistry.Start();
        string reference = $"{registry.Address}/fleet/icmpfilter:v1";
        Tools.BuildIcmpFilter(Path.Combine(_dir, "image"), reference);
        Tools.Cfbpf("image", "push", Path.Combine(_dir, "image"), reference).EnsureSuccess();
        string pins = Path.Combine(BpfLoadOptions.DefaultPinPath, "cfb-fleet-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(pins);
        try
        {
            using (var loader = BpfObject.LoadFromImage(reference, new BpfLoadOptions { PinPath = pins, PinnedMaps = ["DropsBySource", "PacketCount"] }))
            {
                var drop = loader.GetXdpProgram("DropIcmp");
                for (int i = 0; i < 3; i++) drop.TestRun(Frames.Ipv4(Source, 1, 64));
                drop.TestRun(Frames.Ipv4(Source + 1, 17, 64));
            }
            // The loader is gone; the pins keep the maps, and a separate reader sees what the program counted.
            using var dropsPin = BpfMapHandle.OpenPinned(Path.Combine(pins, "DropsBySource"));
            using var packetsPin = BpfMapHandle.OpenPinned(Path.Combine(pins, "PacketCount"));
            var drops = new CodeFirstBpf.Runtime.HashMap<uint, ulong>(dropsPin);
            var packets = new CodeFirstBpf.Runtime.PerCpuArrayMap<ulong>(packetsPin);
            Assert.Equal(3ul, drops[Source]);
            Assert.False(drops.TryGetValue(Source + 1, out _));
            Assert.Equal(4ul, packets.Sum(0));
        }
        finally
        {
            foreach (string pin in Directory.GetFiles(pins)) File.Delete(pin);
            Directory.Delete(pins);
        }
    }

    [SkippableFact]
    public void A_blob_whose_bytes_do_not_match_its_digest_is_refused()
    {
        using var registry = LocalRegistry.Start();
        string reference = $"{registry.Address}/fleet/icmpfilter:v1";
        Tools.BuildIcmpFilter(Path.Combine(_dir, "image"), reference);
        Tools.Cfbpf("image", "push", Path.Combine(_dir, "image"), reference).EnsureSuccess();
        using var raw = Tools.Skopeo("docker://" + reference, raw: true);
        string layer = raw.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;

        // Corrupt the stored layer in the registry's own storage: same size, one byte changed.
        string data = registry.BlobPath(layer);
        byte[] bytes = File.ReadAllBytes(data);
        bytes[^9] ^= 0xFF;
        File.WriteAllBytes(data, bytes);

        var e = Assert.Throws<BpfImageException>(() => BpfObject.LoadFromImage(reference));
        Assert.Equal($"The layer of {reference} has digest {Sha256(bytes)}, but the manifest says {layer}: the registry or layout is corrupt or was tampered with; push the image again.", e.Message);
    }

    [SkippableFact]
    public void Images_another_tool_pushed_without_a_label_or_without_a_bpf_object_are_refused_by_name()
    {
        using var registry = LocalRegistry.Start();
        string noLabel = PushHandMade(registry, "nolabel", new() { ["io.ebpf.programs"] = Programs },
            [("IcmpFilter.o", IcmpFilterSample.IcmpFilter.ElfBytes.ToArray())]);
        Assert.Equal($"{noLabel} lacks the io.ebpf.maps label; a bytecode image needs it (build it with 'cfbpf image build').",
            Assert.Throws<BpfImageException>(() => BpfObject.LoadFromImage(noLabel)).Message);

        // A real ELF object, but for the host's machine, and a text file: neither is BPF.
        string notBpf = PushHandMade(registry, "notbpf", new() { ["io.ebpf.programs"] = Programs, ["io.ebpf.maps"] = Maps },
            [("true.o", File.ReadAllBytes("/bin/true")), ("README", "not bytecode"u8.ToArray())]);
        Assert.Equal($"The layer of {notBpf} holds no BPF ELF object at its root (files: true.o, README); it is not a bytecode image.",
            Assert.Throws<BpfImageException>(() => BpfObject.LoadFromImage(notBpf)).Message);
    }

    [SkippableFact]
    public void Unknown_images_unreachable_registries_and_bad_references_get_one_sentence()
    {
        using var registry = LocalRegistry.Start();
        var missing = Assert.Throws<BpfImageException>(() => BpfObject.LoadFromImage($"{registry.Address}/fleet/absent:v9"));
        Assert.StartsWith($"The registry has no image {registry.Address}/fleet/absent:v9 (MANIFEST_UNKNOWN: manifest unknown): push it first", missing.Message);
        var noRegistry = Assert.Throws<ArgumentException>(() => BpfObject.LoadFromImage("icmpfilter:v1"));
        Assert.Equal("'icmpfilter:v1' names no registry; write the registry host first, e.g. 127.0.0.1:5000/icmpfilter:v1.", noRegistry.Message);

        Tools.BuildIcmpFilter(Path.Combine(_dir, "image"), "v1");
        var (code, output) = Tools.Cfbpf("image", "push", Path.Combine(_dir, "image"), "127.0.0.1:1/fleet/icmpfilter:v1");
        Assert.Equal(1, code);
        Assert.StartsWith("cfbpf: Cannot reach the registry http://127.0.0.1:1 for 127.0.0.1:1/fleet/icmpfilter:v1: Connection refused", output.Trim());
        Assert.DoesNotContain("   at ", output);
        var (layoutCode, layoutOutput) = Tools.Cfbpf("image", "push", _dir, $"{registry.Address}/fleet/icmpfilter:v1");
        Assert.Equal(1, layoutCode);
        Assert.Equal($"cfbpf: {_dir} is not an OCI image layout (no oci-layout or index.json); build one with 'cfbpf image build'.", layoutOutput.Trim());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A hand-made layout pushed by skopeo as <c>fleet/NAME:v1</c>; its reference.</summary>
    private string PushHandMade(LocalRegistry registry, string name, Dictionary<string, string> labels, IReadOnlyList<(string, byte[])> files)
    {
        string layout = Path.Combine(_dir, name);
        HandMadeImage.WriteLayout(layout, labels, files);
        string reference = $"{registry.Address}/fleet/{name}:v1";
        HandMadeImage.Push(layout, reference);
        return reference;
    }

    private static void AssertLabels(JsonElement inspect)
    {
        var labels = inspect.GetProperty("Labels");
        Assert.Equal(Programs, labels.GetProperty("io.ebpf.programs").GetString());
        Assert.Equal(Maps, labels.GetProperty("io.ebpf.maps").GetString());
    }

    private static string Sha256(byte[] content) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
}
