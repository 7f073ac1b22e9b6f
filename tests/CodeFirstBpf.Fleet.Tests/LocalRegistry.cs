using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CodeFirstBpf.Fleet.Tests;

/// <summary>
/// A real CNCF distribution registry (Debian's docker-registry) on 127.0.0.1 and a free port, with
/// its storage in a temp directory; optionally behind htpasswd basic auth. Dispose kills it and
/// deletes the directory — also when the test failed.
/// </summary>
internal sealed class LocalRegistry : IDisposable
{
    public const string Binary = "/usr/bin/docker-registry";
    private readonly Process _process;

    private LocalRegistry(Process process, string directory, int port, bool tls)
    {
        _process = process;
        Tls = tls;
        Directory = directory;
        Address = $"127.0.0.1:{port}";
    }

    /// <summary>host:port, the registry part of image references.</summary>
    public string Address { get; }

    /// <summary>Whether it speaks HTTPS, with the self-signed <see cref="CertificateFile"/>.</summary>
    public bool Tls { get; }

    /// <summary>The registry's self-signed certificate (PEM) for 127.0.0.1, when <see cref="Tls"/>.</summary>
    public string CertificateFile => Path.Combine(Directory, "cert.pem");

    /// <summary>The temp directory holding the config and the storage.</summary>
    public string Directory { get; }

    /// <summary>The registry's blob storage root (distribution's filesystem driver layout).</summary>
    public string BlobPath(string digest) => Path.Combine(Directory, "storage", "docker", "registry", "v2", "blobs", "sha256", digest[7..9], digest[7..], "data");

    /// <summary>
    /// Starts a registry; with <paramref name="htpasswd"/> (an htpasswd file's text) it requires
    /// basic auth; with <paramref name="tls"/> it serves HTTPS with a fresh self-signed certificate.
    /// </summary>
    public static LocalRegistry Start(string? htpasswd = null, bool tls = false)
    {
        Kernel.RequireTools(Binary);
        string dir = System.IO.Directory.CreateTempSubdirectory("cfb-registry").FullName;
        LocalRegistry? registry = null;
        try
        {
            int port = FreePort();
            string auth = "";
            if (htpasswd is not null)
            {
                File.WriteAllText(Path.Combine(dir, "htpasswd"), htpasswd);
                auth = $"auth:\n  htpasswd:\n    realm: cfb-test\n    path: {dir}/htpasswd\n";
            }
            string tlsConfig = "";
            if (tls)
            {
                Kernel.RequireTools("openssl");
                Processes.Ok("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", Path.Combine(dir, "key.pem"), "-out", Path.Combine(dir, "cert.pem")]);
                tlsConfig = $"  tls:\n    certificate: {dir}/cert.pem\n    key: {dir}/key.pem\n";
            }
            string config = Path.Combine(dir, "config.yml");
            File.WriteAllText(config, $"version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {dir}/storage\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n{tlsConfig}{auth}");
            var start = new ProcessStartInfo(Binary) { ArgumentList = { "serve", config }, RedirectStandardOutput = true, RedirectStandardError = true };
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            registry = new LocalRegistry(process, dir, port, tls);
            registry.WaitUntilServing(htpasswd is not null);
            return registry;
        }
        catch
        {
            if (registry is not null) registry.Dispose();
            else System.IO.Directory.Delete(dir, recursive: true);
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>Polls <c>GET /v2/</c> until the registry answers (200, or 401 behind auth).</summary>
    private void WaitUntilServing(bool withAuth)
    {
        // Readiness only: the tests themselves check certificates.
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator }) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode} before serving.");
            try
            {
                using var response = http.GetAsync($"{(Tls ? "https" : "http")}://{Address}/v2/").GetAwaiter().GetResult();
                if (response.StatusCode == (withAuth ? HttpStatusCode.Unauthorized : HttpStatusCode.OK)) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            Thread.Sleep(100);
        }
        throw new TimeoutException($"docker-registry did not answer GET /v2/ on {Address} within 30 s.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
