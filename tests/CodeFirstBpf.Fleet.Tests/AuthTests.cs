using CodeFirstBpf.Runtime.Images;

namespace CodeFirstBpf.Fleet.Tests;

/// <summary>A registry behind htpasswd basic auth: cfbpf and the runtime send credentials, and say so when they lack them.</summary>
public sealed class AuthTests : IDisposable
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

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
