using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CodeFirstBpf.Runtime.Images;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// Pushes and pulls bytecode images with the OCI distribution API (<c>/v2/</c>): blobs by
/// monolithic upload (POST then PUT with the digest), then the manifest under its tag; pulls read
/// the manifest and check every blob against its digest. Basic authentication and TLS (or plain
/// HTTP) per <see cref="RegistryOptions"/>.
/// </summary>
public static class OciRegistry
{
    /// <summary>Uploads the config, the layer (each skipped when the registry has it) and the manifest under the reference's tag.</summary>
    /// <returns>The manifest digest the registry reported (the image's <see cref="BytecodeImage.Digest"/>).</returns>
    /// <exception cref="BpfImageException">The registry is unreachable or refused a request.</exception>
    public static string Push(BytecodeImage image, ImageReference target, RegistryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(target);
        if (target.Tag is null)
            throw new ArgumentException($"'{target}' has no tag; push to a tag, e.g. {target.Registry}/{target.Repository}:v1.");
        using var client = Client(options ?? RegistryOptions.Default, target, out Uri root);
        string name = target.Repository;
        foreach (var (descriptor, content) in new[] { (image.ConfigDescriptor, image.Config), (image.LayerDescriptor, image.Layer) })
        {
            using (var head = Send(client, new HttpRequestMessage(HttpMethod.Head, new Uri(root, $"{name}/blobs/{descriptor.Digest}")), target))
                if (head.IsSuccessStatusCode) continue;
            Uri upload;
            using (var start = Expect(Send(client, new HttpRequestMessage(HttpMethod.Post, new Uri(root, $"{name}/blobs/uploads/")), target), HttpStatusCode.Accepted, "start a blob upload", target))
                upload = new Uri(root, start.Headers.Location ?? throw new BpfImageException($"The registry of {target} started an upload without a Location header."));
            var put = new HttpRequestMessage(HttpMethod.Put, WithQuery(upload, "digest=" + Uri.EscapeDataString(descriptor.Digest))) { Content = new ByteArrayContent(content) };
            put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            Expect(Send(client, put, target), HttpStatusCode.Created, $"store blob {descriptor.Digest}", target).Dispose();
        }
        var manifest = new HttpRequestMessage(HttpMethod.Put, new Uri(root, $"{name}/manifests/{target.Tag}")) { Content = new ByteArrayContent(image.Manifest) };
        manifest.Content.Headers.ContentType = new MediaTypeHeaderValue(OciJson.ManifestMediaType);
        using var stored = Expect(Send(client, manifest, target), HttpStatusCode.Created, "store the manifest", target);
        string digest = stored.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : image.Digest;
        if (digest != image.Digest)
            throw new BpfImageException($"The registry of {target} stored the manifest as {digest}, not {image.Digest}; it rewrote the manifest.");
        return digest;
    }

    /// <summary>Pulls the image <paramref name="source"/> names and checks the manifest, config and layer against their digests.</summary>
    /// <exception cref="BpfImageException">Unreachable registry, unknown image, a digest mismatch, a missing label, or a layer without a BPF object.</exception>
    public static BytecodeImage Pull(ImageReference source, RegistryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var client = Client(options ?? RegistryOptions.Default, source, out Uri root);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(root, $"{source.Repository}/manifests/{source.ManifestReference}"));
        foreach (string type in new[] { OciJson.ManifestMediaType, OciJson.DockerManifestMediaType, OciJson.IndexMediaType, OciJson.DockerListMediaType })
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        byte[] manifest;
        using (var response = Expect(Send(client, request, source), HttpStatusCode.OK, "read the manifest", source))
            manifest = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        string digest = OciDigest.Of(manifest);
        if (source.Digest is not null && digest != source.Digest)
            throw new BpfImageException($"The manifest of {source} has digest {digest}, not the {source.Digest} the reference pins: the registry served other content.");
        return BytecodeImage.Open(manifest, d =>
        {
            using var blob = Expect(Send(client, new HttpRequestMessage(HttpMethod.Get, new Uri(root, $"{source.Repository}/blobs/{d.Digest}")), source), HttpStatusCode.OK, $"read blob {d.Digest}", source);
            return blob.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        }, source.ToString());
    }

    private static HttpClient Client(RegistryOptions options, ImageReference reference, out Uri root)
    {
        var handler = new HttpClientHandler();
        if (options.SkipTlsVerify)
            handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        else if (options.CaCertificateFile is { } caFile)
            handler.ServerCertificateCustomValidationCallback = RegistryTls.TrustOnly(caFile);
        var client = new HttpClient(handler) { Timeout = options.Timeout };
        if (options.Username is not null)
        {
            string pair = options.Username + ":" + (options.Password ?? "");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }
        root = new Uri($"{(options.UsesHttp(reference.Registry) ? "http" : "https")}://{reference.Registry}/v2/");
        return client;
    }

    private static HttpResponseMessage Send(HttpClient client, HttpRequestMessage request, ImageReference reference)
    {
        try
        {
            return client.Send(request, HttpCompletionOption.ResponseContentRead);
        }
        catch (HttpRequestException e)
        {
            string why = e.InnerException is SocketException s ? s.Message : e.Message;
            string hint = e.HttpRequestError == HttpRequestError.SecureConnectionError
                ? "; if the registry speaks plain HTTP, say so (--plain-http / RegistryOptions.PlainHttp)"
                : "; is the registry running at that address?";
            throw new BpfImageException($"Cannot reach the registry {request.RequestUri!.GetLeftPart(UriPartial.Authority)} for {reference}: {why}{hint}", e);
        }
        catch (TaskCanceledException e)
        {
            throw new BpfImageException($"The registry of {reference} did not answer {request.Method} {request.RequestUri!.AbsolutePath} in time.", e);
        }
    }

    private static HttpResponseMessage Expect(HttpResponseMessage response, HttpStatusCode expected, string action, ImageReference reference)
    {
        if (response.StatusCode == expected) return response;
        using (response)
        {
            string detail = RegistryError(response);
            string message = response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => $"The registry of {reference} needs credentials to {action}{detail}: pass a user name and password (--username/--password, RegistryOptions.Username/Password).",
                HttpStatusCode.Forbidden => $"The registry of {reference} refused to {action}{detail}: these credentials may not do that.",
                HttpStatusCode.NotFound when action == "read the manifest" => $"The registry has no image {reference}{detail}: push it first (cfbpf image push) or check the name and tag.",
                _ => $"The registry of {reference} answered {(int)response.StatusCode} {response.ReasonPhrase} when asked to {action}{detail}.",
            };
            throw new BpfImageException(message);
        }
    }

    /// <summary>The distribution API's error body (<c>{"errors":[{"code","message"}]}</c>) as " (CODE: message)".</summary>
    private static string RegistryError(HttpResponseMessage response)
    {
        try
        {
            using var doc = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            var first = doc.RootElement.GetProperty("errors")[0];
            return $" ({first.GetProperty("code").GetString()}: {first.GetProperty("message").GetString()})";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return "";
        }
    }

    private static Uri WithQuery(Uri uri, string query)
        => new UriBuilder(uri) { Query = string.IsNullOrEmpty(uri.Query) ? query : uri.Query[1..] + "&" + query }.Uri;
}
