using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Fleet.Tests;

/// <summary>Image references as registries, skopeo and bpfman write them, and the ones that name nothing.</summary>
public sealed class ImageReferenceTests
{
    private const string Digest = "sha256:69564bdb16ac36ac1d9f32634ed03487131ac632abadf79f990d16796135e191";

    [Theory]
    [InlineData("127.0.0.1:5000/fleet/icmpfilter:v1", "127.0.0.1:5000", "fleet/icmpfilter", "v1", null)]
    [InlineData("docker://localhost/icmpfilter", "localhost", "icmpfilter", "latest", null)]
    [InlineData("quay.io/team/bpf/icmp-filter_x:2.0.1", "quay.io", "team/bpf/icmp-filter_x", "2.0.1", null)]
    [InlineData("registry.example:5000/fleet/icmpfilter@" + Digest, "registry.example:5000", "fleet/icmpfilter", null, Digest)]
    [InlineData("registry.example/fleet/icmpfilter:v1@" + Digest, "registry.example", "fleet/icmpfilter", "v1", Digest)]
    public void Parses_registry_repository_tag_and_digest(string text, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);
        Assert.Equal(new ImageReference(registry, repository, tag, digest), reference);
        Assert.Equal(digest ?? tag, reference.ManifestReference);
        Assert.Equal(reference, ImageReference.Parse(reference.ToString()));
    }

    [Theory]
    [InlineData("icmpfilter:v1", "'icmpfilter:v1' names no registry; write the registry host first, e.g. 127.0.0.1:5000/icmpfilter:v1.")]
    [InlineData("fleet/icmpfilter:v1", "'fleet/icmpfilter:v1' names no registry; write the registry host first, e.g. 127.0.0.1:5000/fleet/icmpfilter:v1.")]
    [InlineData("r.example/Fleet/IcmpFilter:v1", "'r.example/Fleet/IcmpFilter:v1' has repository 'Fleet/IcmpFilter'; a repository is lowercase components like fleet/icmpfilter.")]
    [InlineData("r.example/fleet:-v1", "'r.example/fleet:-v1' has tag '-v1'; a tag is up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'.")]
    [InlineData("r.example/fleet@sha256:abc", "'r.example/fleet@sha256:abc' pins digest 'sha256:abc'; a digest is sha256: followed by 64 lowercase hex digits.")]
    public void A_reference_that_names_nothing_is_one_sentence(string text, string message)
        => Assert.Equal(message, Assert.Throws<ArgumentException>(() => ImageReference.Parse(text)).Message);
}
