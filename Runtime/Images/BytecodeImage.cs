using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CodeFirstBpf.Runtime.Images;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// A bpfman bytecode image: one <c>application/vnd.oci.image.layer.v1.tar+gzip</c> layer with the
/// BPF object at its root, and the <c>io.ebpf.programs</c> and <c>io.ebpf.maps</c> labels (JSON
/// objects of names to bpfman types) in its config. Built images are reproducible: the same
/// object gives the same bytes and so the same <see cref="Digest"/>.
/// </summary>
public sealed class BytecodeImage
{
    /// <summary>The one layer media type this writer uses (bpfman also accepts Docker's rootfs.diff.tar.gzip).</summary>
    public const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>Docker's name for the same layer format, accepted when reading.</summary>
    public const string DockerLayerMediaType = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>The label naming each program and its bpfman program type, e.g. <c>{"DropIcmp":"xdp"}</c>.</summary>
    public const string ProgramsLabel = "io.ebpf.programs";

    /// <summary>The label naming each map and its bpfman map type, e.g. <c>{"DropsBySource":"hash"}</c>.</summary>
    public const string MapsLabel = "io.ebpf.maps";

    /// <summary>The largest unpacked layer accepted: a guard against a layer that inflates without end.</summary>
    public const long MaxObjectBytes = 64L * 1024 * 1024;

    private const ushort ElfMachineBpf = 247;

    private BytecodeImage(byte[] manifest, byte[] config, byte[] layer, string fileName, byte[] elf,
        IReadOnlyDictionary<string, string> programs, IReadOnlyDictionary<string, string> maps)
    {
        Manifest = manifest;
        Config = config;
        Layer = layer;
        Digest = OciDigest.Of(manifest);
        ConfigDescriptor = new OciDescriptor(OciJson.ConfigMediaType, OciDigest.Of(config), config.Length);
        LayerDescriptor = new OciDescriptor(LayerMediaType, OciDigest.Of(layer), layer.Length);
        ObjectFileName = fileName;
        Object = elf;
        Programs = programs;
        Maps = maps;
    }

    /// <summary>The manifest digest (<c>sha256:…</c>), the image's identity in every registry.</summary>
    public string Digest { get; }

    /// <summary>The object's file name in the layer, <c>&lt;Class&gt;.o</c>.</summary>
    public string ObjectFileName { get; }

    /// <summary>The BPF ELF object the layer holds.</summary>
    public ReadOnlyMemory<byte> Object { get; }

    /// <summary>Program name to bpfman program type (<c>xdp</c>, <c>tc</c>, …), as in <see cref="ProgramsLabel"/>.</summary>
    public IReadOnlyDictionary<string, string> Programs { get; }

    /// <summary>Map name to bpfman map type (<c>hash</c>, <c>per_cpu_array</c>, …), as in <see cref="MapsLabel"/>.</summary>
    public IReadOnlyDictionary<string, string> Maps { get; }

    internal byte[] Manifest { get; }
    internal byte[] Config { get; }
    internal byte[] Layer { get; }
    internal OciDescriptor ConfigDescriptor { get; }
    internal OciDescriptor LayerDescriptor { get; }

    /// <summary>
    /// Builds the image of <paramref name="elf"/>; the labels come from the object itself (libbpf
    /// opens it without loading, so no privileges are needed).
    /// </summary>
    /// <param name="elf">The BPF ELF object, e.g. a generated <c>ElfBytes</c>.</param>
    /// <param name="objectName">The object's name; the layer holds <c>&lt;objectName&gt;.o</c>.</param>
    /// <param name="architecture">The config's architecture: the object is BPF, but pullers that pick by platform read it.</param>
    /// <exception cref="BpfException">The object has no programs, or one of a type bpfman does not name.</exception>
    public static BytecodeImage Create(ReadOnlySpan<byte> elf, string objectName, string architecture = "amd64")
    {
        ArgumentException.ThrowIfNullOrEmpty(objectName);
        ArgumentException.ThrowIfNullOrEmpty(architecture);
        if (!IsBpfElf(elf))
            throw new ArgumentException($"'{objectName}' is not a BPF ELF object (no ELF header with machine BPF).", nameof(elf));
        var (programs, maps) = ObjectLabels.Read(elf, objectName);
        string fileName = objectName + ".o";
        byte[] tar = ReproducibleArchive.Tar(fileName, elf);
        byte[] layer = ReproducibleArchive.Gzip(tar);
        var labels = new Dictionary<string, string>
        {
            [ProgramsLabel] = OciJson.NameMap(programs),
            [MapsLabel] = OciJson.NameMap(maps),
        };
        byte[] config = OciJson.Config(architecture, labels, OciDigest.Of(tar));
        byte[] manifest = OciJson.Manifest(
            new OciDescriptor(OciJson.ConfigMediaType, OciDigest.Of(config), config.Length),
            new OciDescriptor(LayerMediaType, OciDigest.Of(layer), layer.Length));
        return new BytecodeImage(manifest, config, layer, fileName, elf.ToArray(), programs, maps);
    }

    /// <summary>
    /// Reads an image from its manifest, fetching the config and layer with <paramref name="blob"/>;
    /// every blob must match the digest and size the manifest gives it.
    /// </summary>
    internal static BytecodeImage Open(byte[] manifest, Func<OciDescriptor, byte[]> blob, string source)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(manifest); }
        catch (JsonException e) { throw new BpfImageException($"The manifest of {source} is not JSON ({e.Message}).", e); }
        using (doc)
        {
            var root = doc.RootElement;
            string? mediaType = root.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (mediaType is OciJson.IndexMediaType or OciJson.DockerListMediaType || root.TryGetProperty("manifests", out _))
                throw new BpfImageException($"{source} is an image index (several platforms); name one platform's manifest by its digest (…@sha256:…).");
            if (mediaType is not (null or OciJson.ManifestMediaType or OciJson.DockerManifestMediaType))
                throw new BpfImageException($"{source} has manifest media type '{mediaType}', not an OCI image manifest.");
            if (!root.TryGetProperty("config", out var configElement) || !root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
                throw new BpfImageException($"The manifest of {source} has no config or no layers; it is not an OCI image manifest.");
            var configDescriptor = OciJson.ReadDescriptor(configElement, "config", source);
            if (layers.GetArrayLength() != 1)
                throw new BpfImageException($"{source} has {layers.GetArrayLength()} layers; a bpfman bytecode image has exactly one, holding the object.");
            var layerDescriptor = OciJson.ReadDescriptor(layers[0], "layer", source);
            if (layerDescriptor.MediaType is not (LayerMediaType or DockerLayerMediaType))
                throw new BpfImageException($"The layer of {source} has media type '{layerDescriptor.MediaType}'; a bytecode image layer is '{LayerMediaType}'.");

            byte[] config = Verified(blob(configDescriptor), configDescriptor, "config", source);
            var (programs, maps) = Labels(config, source);
            byte[] layer = Verified(blob(layerDescriptor), layerDescriptor, "layer", source);
            var (fileName, elf) = ObjectOf(layer, source);
            var inObject = ObjectLabels.Read(elf, Path.GetFileNameWithoutExtension(fileName)).Programs;
            foreach (string program in programs.Keys)
            {
                if (!inObject.ContainsKey(program))
                    throw new BpfImageException($"The {ProgramsLabel} label of {source} names program '{program}', which {fileName} does not have; rebuild the image.");
            }
            return new BytecodeImage(manifest, config, layer, fileName, elf, programs, maps);
        }
    }

    /// <summary>Whether <paramref name="data"/> starts with an ELF header whose machine is BPF (either byte order).</summary>
    public static bool IsBpfElf(ReadOnlySpan<byte> data)
    {
        if (data.Length < 20 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F') return false;
        ushort machine = data[5] == 2 ? (ushort)(data[18] << 8 | data[19]) : (ushort)(data[18] | data[19] << 8);
        return machine == ElfMachineBpf;
    }

    private static byte[] Verified(byte[] content, OciDescriptor d, string what, string source)
    {
        string actual = OciDigest.Of(content);
        if (actual != d.Digest)
            throw new BpfImageException($"The {what} of {source} has digest {actual}, but the manifest says {d.Digest}: the registry or layout is corrupt or was tampered with; push the image again.");
        if (content.LongLength != d.Size)
            throw new BpfImageException($"The {what} of {source} is {content.LongLength} bytes, but the manifest says {d.Size}.");
        return content;
    }

    private static (IReadOnlyDictionary<string, string> Programs, IReadOnlyDictionary<string, string> Maps) Labels(byte[] config, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(config);
            if (!doc.RootElement.TryGetProperty("config", out var c) || c.ValueKind != JsonValueKind.Object
                || !c.TryGetProperty("Labels", out var labels) || labels.ValueKind != JsonValueKind.Object)
                throw new BpfImageException($"{source} has no labels; a bytecode image needs the {ProgramsLabel} and {MapsLabel} labels (build it with 'cfbpf image build').");
            return (NameMap(labels, ProgramsLabel, source), NameMap(labels, MapsLabel, source));
        }
        catch (JsonException e)
        {
            throw new BpfImageException($"The config of {source} is not JSON ({e.Message}).", e);
        }
    }

    private static IReadOnlyDictionary<string, string> NameMap(JsonElement labels, string label, string source)
    {
        if (!labels.TryGetProperty(label, out var value) || value.ValueKind != JsonValueKind.String)
            throw new BpfImageException($"{source} lacks the {label} label; a bytecode image needs it (build it with 'cfbpf image build').");
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(value.GetString()!);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("not an object");
            foreach (var p in doc.RootElement.EnumerateObject())
                map[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new JsonException($"'{p.Name}' is not a string");
        }
        catch (JsonException e)
        {
            throw new BpfImageException($"The {label} label of {source} is not a JSON object of names to types ({e.Message}).", e);
        }
        if (label == ProgramsLabel && map.Count == 0)
            throw new BpfImageException($"The {label} label of {source} names no program.");
        return map;
    }

    private static (string FileName, byte[] Elf) ObjectOf(byte[] layer, string source)
    {
        IReadOnlyList<(string Name, byte[] Content)> files;
        try { files = ReproducibleArchive.ReadTarGz(layer, MaxObjectBytes); }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new BpfImageException($"The layer of {source} is not a gzip-compressed tar: {e.Message}.", e);
        }
        var atRoot = files.Select(f => (Name: f.Name.StartsWith("./", StringComparison.Ordinal) ? f.Name[2..] : f.Name, f.Content)).Where(f => !f.Name.Contains('/')).ToList();
        var objects = atRoot.Where(f => IsBpfElf(f.Content)).ToList();
        return objects.Count switch
        {
            1 => (objects[0].Name, objects[0].Content),
            0 => throw new BpfImageException($"The layer of {source} holds no BPF ELF object at its root (files: {(files.Count == 0 ? "none" : string.Join(", ", files.Select(f => f.Name)))}); it is not a bytecode image."),
            _ => throw new BpfImageException($"The layer of {source} holds {objects.Count} BPF objects at its root ({string.Join(", ", objects.Select(o => o.Name))}); a bytecode image holds one."),
        };
    }
}
