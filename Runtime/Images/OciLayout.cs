using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using CodeFirstBpf.Runtime.Images;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// An OCI image layout directory (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/sha256/…</c>) holding
/// one bytecode image under a tag: what <c>cfbpf image build</c> writes, <c>skopeo</c> reads as
/// <c>oci:DIR:TAG</c>, and <c>cfbpf image push</c> sends to a registry.
/// </summary>
public static class OciLayout
{
    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>
    /// Writes <paramref name="image"/> into <paramref name="directory"/> as its only image, tagged
    /// <paramref name="tag"/>. Blobs of an earlier image there are removed, so the directory's
    /// bytes are the image's alone.
    /// </summary>
    public static void Write(string directory, BytecodeImage image, string tag)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        string blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (digest, content) in new[] { (image.Digest, image.Manifest), (image.ConfigDescriptor.Digest, image.Config), (image.LayerDescriptor.Digest, image.Layer) })
        {
            keep.Add(OciDigest.Hex(digest));
            File.WriteAllBytes(Path.Combine(blobs, OciDigest.Hex(digest)), content);
        }
        foreach (string stale in Directory.GetFiles(blobs).Where(f => !keep.Contains(Path.GetFileName(f))))
            File.Delete(stale);
        File.WriteAllBytes(Path.Combine(directory, "oci-layout"), OciJson.Write(w => w.WriteString("imageLayoutVersion", "1.0.0")));
        File.WriteAllBytes(Path.Combine(directory, "index.json"), OciJson.Write(w =>
        {
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", OciJson.IndexMediaType);
            w.WriteStartArray("manifests");
            OciJson.Descriptor(w, new OciDescriptor(OciJson.ManifestMediaType, image.Digest, image.Manifest.Length), tag);
            w.WriteEndArray();
        }));
    }

    /// <summary>Reads the image tagged <paramref name="tag"/> (or the only image when null) and checks every blob's digest.</summary>
    /// <exception cref="BpfImageException">The directory is not an OCI layout, has no such tag, or its blobs do not match.</exception>
    public static BytecodeImage Read(string directory, string? tag = null)
    {
        string index = Path.Combine(directory, "index.json");
        if (!File.Exists(Path.Combine(directory, "oci-layout")) || !File.Exists(index))
            throw new BpfImageException($"{directory} is not an OCI image layout (no oci-layout or index.json); build one with 'cfbpf image build'.");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(index));
        var entries = doc.RootElement.TryGetProperty("manifests", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().ToList() : [];
        var named = entries.Select(e => (Element: e, Tag: e.TryGetProperty("annotations", out var a) && a.TryGetProperty(RefNameAnnotation, out var n) ? n.GetString() : null)).ToList();
        var chosen = tag is null ? named : named.Where(e => e.Tag == tag).ToList();
        string source = tag is null ? $"the layout {directory}" : $"{directory}:{tag}";
        if (chosen.Count != 1)
            throw new BpfImageException(chosen.Count == 0
                ? $"{source} has no such image (tags: {string.Join(", ", named.Select(e => e.Tag ?? "(none)"))})."
                : $"{source} holds {chosen.Count} images; name one by tag.");
        var descriptor = OciJson.ReadDescriptor(chosen[0].Element, "manifest", source);
        byte[] manifest = Blob(directory, descriptor, source);
        if (OciDigest.Of(manifest) != descriptor.Digest)
            throw new BpfImageException($"The manifest of {source} does not match its digest {descriptor.Digest}: the layout is corrupt; build it again.");
        return BytecodeImage.Open(manifest, d => Blob(directory, d, source), source);
    }

    private static byte[] Blob(string directory, OciDescriptor d, string source)
    {
        string path = Path.Combine(directory, "blobs", "sha256", OciDigest.Hex(d.Digest));
        return File.Exists(path) ? File.ReadAllBytes(path) : throw new BpfImageException($"{source} lacks blob {d.Digest}; the layout is incomplete.");
    }
}
