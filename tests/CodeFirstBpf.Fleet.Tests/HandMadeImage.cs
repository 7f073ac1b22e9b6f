using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CodeFirstBpf.Fleet.Tests;

/// <summary>
/// An OCI layout written by the test itself (its own tar, gzip and JSON, not cfbpf's), for images
/// cfbpf would never build — a label missing, a layer without a BPF object — which skopeo then
/// pushes, so the puller meets them as a registry serves them.
/// </summary>
internal static class HandMadeImage
{
    public static void WriteLayout(string dir, IReadOnlyDictionary<string, string> labels, IReadOnlyList<(string Name, byte[] Content)> files, string tag = "v1")
    {
        string blobs = Path.Combine(dir, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        }
        var layer = new MemoryStream();
        using (var gzip = new GZipStream(layer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(tar.ToArray());
        string layerDigest = Store(blobs, layer.ToArray());
        string config = JsonSerializer.Serialize(new
        {
            architecture = "amd64",
            os = "linux",
            config = new { Labels = labels },
            rootfs = new { type = "layers", diff_ids = new[] { "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar.ToArray())) } },
        });
        string configDigest = Store(blobs, Encoding.UTF8.GetBytes(config));
        string manifest = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = configDigest, size = Encoding.UTF8.GetByteCount(config) },
            ["layers"] = new[] { new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest = layerDigest, size = layer.Length } },
        });
        string manifestDigest = Store(blobs, Encoding.UTF8.GetBytes(manifest));
        File.WriteAllText(Path.Combine(dir, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        File.WriteAllText(Path.Combine(dir, "index.json"), JsonSerializer.Serialize(new
        {
            schemaVersion = 2,
            manifests = new[] { new Dictionary<string, object>
            {
                ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                ["digest"] = manifestDigest,
                ["size"] = Encoding.UTF8.GetByteCount(manifest),
                ["annotations"] = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = tag },
            } },
        }));
    }

    /// <summary>Pushes a layout with skopeo (another client than cfbpf) to <paramref name="target"/>.</summary>
    public static void Push(string dir, string target, string tag = "v1")
    {
        Kernel.RequireTools("skopeo");
        Processes.Ok("skopeo", ["copy", "--dest-tls-verify=false", $"oci:{dir}:{tag}", $"docker://{target}"], TimeSpan.FromMinutes(1));
    }

    private static string Store(string blobs, byte[] content)
    {
        string hex = Convert.ToHexStringLower(SHA256.HashData(content));
        File.WriteAllBytes(Path.Combine(blobs, hex), content);
        return "sha256:" + hex;
    }
}
