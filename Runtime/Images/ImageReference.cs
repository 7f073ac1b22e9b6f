using System;
using System.Linq;
using System.Text.RegularExpressions;
using CodeFirstBpf.Runtime.Images;

namespace CodeFirstBpf.Runtime;

/// <summary>
/// An image reference as registries and bpfman write it: <c>registry/repository[:tag][@sha256:…]</c>,
/// e.g. <c>127.0.0.1:5000/fleet/icmpfilter:v1</c> (a leading <c>docker://</c> is accepted). The
/// registry host is required: there is no default registry to guess.
/// </summary>
public sealed partial record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    /// <summary>The tag, or the digest when the reference pins one; what a manifest request names.</summary>
    public string ManifestReference => Digest ?? Tag ?? "latest";

    /// <summary>Parses <paramref name="reference"/>.</summary>
    /// <exception cref="ArgumentException">It is not a reference with a registry host, repository and optional tag/digest.</exception>
    public static ImageReference Parse(string reference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        string r = reference.StartsWith("docker://", StringComparison.Ordinal) ? reference[9..] : reference;
        string? digest = null;
        int at = r.IndexOf('@');
        if (at >= 0)
        {
            digest = r[(at + 1)..];
            r = r[..at];
            if (!OciDigest.IsValid(digest))
                throw new ArgumentException($"'{reference}' pins digest '{digest}'; a digest is sha256: followed by 64 lowercase hex digits.");
        }
        int slash = r.IndexOf('/');
        string host = slash > 0 ? r[..slash] : "";
        if (slash <= 0 || !(host.Contains('.') || host.Contains(':') || host == "localhost"))
            throw new ArgumentException($"'{reference}' names no registry; write the registry host first, e.g. 127.0.0.1:5000/{r.TrimStart('/')}.");
        string path = r[(slash + 1)..];
        string? tag = null;
        int colon = path.LastIndexOf(':');
        if (colon >= 0)
        {
            tag = path[(colon + 1)..];
            path = path[..colon];
            if (!TagPattern().IsMatch(tag))
                throw new ArgumentException($"'{reference}' has tag '{tag}'; a tag is up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'.");
        }
        if (path.Length == 0 || path.Split('/').Any(c => !ComponentPattern().IsMatch(c)))
            throw new ArgumentException($"'{reference}' has repository '{path}'; a repository is lowercase components like fleet/icmpfilter.");
        return new ImageReference(host, path, tag ?? (digest is null ? "latest" : null), digest);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")]
    private static partial Regex ComponentPattern();
}
