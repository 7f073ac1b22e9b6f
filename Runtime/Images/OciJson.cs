using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace CodeFirstBpf.Runtime.Images;

/// <summary>A blob an OCI document points at.</summary>
internal sealed record OciDescriptor(string MediaType, string Digest, long Size);

/// <summary>
/// The JSON documents of a bytecode image, written member by member in one fixed order with no
/// whitespace (System.Text.Json objects would be free to reorder), so the bytes — and the digests
/// that name them — depend only on the content.
/// </summary>
internal static class OciJson
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifestMediaType = "application/vnd.docker.distribution.manifest.v2+json";
    public const string IndexMediaType = "application/vnd.oci.image.index.v1+json";
    public const string DockerListMediaType = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";

    public static byte[] Manifest(OciDescriptor config, OciDescriptor layer) => Write(w =>
    {
        w.WriteNumber("schemaVersion", 2);
        w.WriteString("mediaType", ManifestMediaType);
        w.WritePropertyName("config");
        Descriptor(w, config);
        w.WriteStartArray("layers");
        Descriptor(w, layer);
        w.WriteEndArray();
    });

    public static byte[] Config(string architecture, IReadOnlyDictionary<string, string> labels, string diffId) => Write(w =>
    {
        w.WriteString("created", "1970-01-01T00:00:00Z");
        w.WriteString("architecture", architecture);
        w.WriteString("os", "linux");
        w.WriteStartObject("config");
        w.WriteStartObject("Labels");
        foreach (var (key, value) in Sorted(labels)) w.WriteString(key, value);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("rootfs");
        w.WriteString("type", "layers");
        w.WriteStartArray("diff_ids");
        w.WriteStringValue(diffId);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>A label value: a JSON object of names to types, sorted by name.</summary>
    public static string NameMap(IReadOnlyDictionary<string, string> entries)
        => System.Text.Encoding.UTF8.GetString(Write(w => { foreach (var (k, v) in Sorted(entries)) w.WriteString(k, v); }));

    public static void Descriptor(Utf8JsonWriter w, OciDescriptor d, string? refName = null)
    {
        w.WriteStartObject();
        w.WriteString("mediaType", d.MediaType);
        w.WriteString("digest", d.Digest);
        w.WriteNumber("size", d.Size);
        if (refName is not null)
        {
            w.WriteStartObject("annotations");
            w.WriteString("org.opencontainers.image.ref.name", refName);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    public static byte[] Write(Action<Utf8JsonWriter> members)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            members(w);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>A descriptor read from a manifest or index, or an error naming what is missing.</summary>
    public static OciDescriptor ReadDescriptor(JsonElement e, string what, string source)
    {
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("mediaType", out var mediaType) || mediaType.ValueKind != JsonValueKind.String
            || !e.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.String
            || !e.TryGetProperty("size", out var size) || !size.TryGetInt64(out long length))
            throw new BpfImageException($"The {what} descriptor of {source} lacks a mediaType, digest or size; the manifest is not an OCI image manifest.");
        string d = digest.GetString()!;
        if (!OciDigest.IsValid(d))
            throw new BpfImageException($"The {what} of {source} has digest '{d}'; only sha256 digests are supported.");
        return new OciDescriptor(mediaType.GetString()!, d, length);
    }

    private static IEnumerable<KeyValuePair<string, string>> Sorted(IReadOnlyDictionary<string, string> entries)
    {
        var list = new List<KeyValuePair<string, string>>(entries);
        list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }
}
