using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Fleet.Tests;

/// <summary>
/// Registries behind htpasswd basic auth and behind TLS with a self-signed certificate: cfbpf and
/// the runtime send credentials and check certificates, and say so when they lack either.
/// </summary>
public sealed class RegistryAccessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cfb-fleet").FullName;

    [SkippableFact]
    public void Push_and_pull_with_basic_auth_and_a_clear_refusal_without()
    {
        Kernel.RequireTools("htpasswd");
        using var registry = LocalRegistry.Start(Processes.Ok("htpasswd", ["-nbB", "fleet", "s3cret"]));
        string reference = $"{registry.Address}/fleet/icmpfilter:v1";
        string layout = Path.Combine(_dir, "image");
        string built = Tools.BuildIcmpFilter(layout, reference);

        var (anonymous, refusal) = Tools.Cfbpf("image", "push", layout, reference);
        Assert.Equal(1, anonymous);
        Assert.Equal($"cfbpf: The registry of {reference} needs credentials to start a blob upload (UNAUTHORIZED: authentication required): pass a user name and password (--username/--password, RegistryOptions.Username/Password).", refusal.Trim());
        var (wrong, _) = Tools.Cfbpf("image", "push", layout, reference, "--username", "fleet", "--password", "guess");
        Assert.Equal(1, wrong);

        string pushed = Tools.Cfbpf("image", "push", layout, reference, "--username", "fleet", "--password", "s3cret").EnsureSuccess().Stdout.Trim();
        Assert.EndsWith(built, pushed);
        var image = OciRegistry.Pull(ImageReference.Parse(reference), new RegistryOptions { Username = "fleet", Password = "s3cret" });
        Assert.Equal(built, image.Digest);
        Assert.Equal("xdp", image.Programs["DropIcmp"]);
        var e = Assert.Throws<BpfImageException>(() => OciRegistry.Pull(ImageReference.Parse(reference)));
        Assert.StartsWith($"The registry of {reference} needs credentials to read the manifest", e.Message);
    }

    [SkippableFact]
    public void Tls_is_verified_against_the_given_ca_and_refused_without_it()
    {
        Kernel.RequireTools("htpasswd");
        using var registry = LocalRegistry.Start(Processes.Ok("htpasswd", ["-nbB", "fleet", "s3cret"]), tls: true);
        string reference = $"{registry.Address}/fleet/icmpfilter:v1";
        string layout = Path.Combine(_dir, "image");
        string built = Tools.BuildIcmpFilter(layout, reference);

        string pushed = Tools.Cfbpf("image", "push", layout, reference, "--ca-cert", registry.CertificateFile, "-u", "fleet", "-p", "s3cret").EnsureSuccess().Stdout.Trim();
        Assert.EndsWith(built, pushed);
        Tools.Cfbpf("image", "push", layout, reference, "--tls-skip-verify", "-u", "fleet", "-p", "s3cret").EnsureSuccess();
        var (plain, plainOutput) = Tools.Cfbpf("image", "push", layout, reference, "--plain-http", "--ca-cert", registry.CertificateFile);
        Assert.Equal((1, "cfbpf: --plain-http turns TLS off; drop it or drop --tls-skip-verify/--ca-cert"), (plain, plainOutput.Trim()));

        var verified = new RegistryOptions { PlainHttp = false, CaCertificateFile = registry.CertificateFile, Username = "fleet", Password = "s3cret" };
        Assert.Equal(built, OciRegistry.Pull(ImageReference.Parse(reference), verified).Digest);
        var untrusted = Assert.Throws<BpfImageException>(() => OciRegistry.Pull(ImageReference.Parse(reference), new RegistryOptions { PlainHttp = false, Username = "fleet", Password = "s3cret" }));
        Assert.StartsWith($"Cannot reach the registry https://{registry.Address} for {reference}: The SSL connection could not be established", untrusted.Message);

        Kernel.RequireTools("skopeo");
        using var inspect = System.Text.Json.JsonDocument.Parse(Processes.Ok("skopeo", ["inspect", "--tls-verify=false", "--creds", "fleet:s3cret", "docker://" + reference]));
        Assert.Equal(built, inspect.RootElement.GetProperty("Digest").GetString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
