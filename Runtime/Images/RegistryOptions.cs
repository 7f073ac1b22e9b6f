using System;

namespace CodeFirstBpf.Runtime;

/// <summary>How to reach a registry: transport and credentials.</summary>
public sealed class RegistryOptions
{
    internal static readonly RegistryOptions Default = new();

    /// <summary>
    /// Whether to speak plain HTTP. Null (the default) means HTTP for loopback registries
    /// (<c>localhost</c>, <c>127.*</c>, <c>[::1]</c>) and HTTPS for every other host, as Docker does.
    /// </summary>
    public bool? PlainHttp { get; init; }

    /// <summary>Accepts any TLS certificate (self-signed test registries). Never use it across a network you do not trust.</summary>
    public bool SkipTlsVerify { get; init; }

    /// <summary>
    /// A PEM file of the certificate authority (or the self-signed certificate) the registry's TLS
    /// certificate must chain to, instead of the system's trust store; host names are still checked.
    /// </summary>
    public string? CaCertificateFile { get; init; }

    /// <summary>The user name for HTTP basic authentication (the registry's htpasswd), or null for anonymous access.</summary>
    public string? Username { get; init; }

    /// <summary>The password for <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    /// <summary>How long one request may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    internal bool UsesHttp(string registry)
    {
        if (PlainHttp is { } plain) return plain;
        string host = registry.StartsWith('[') ? registry[..(registry.IndexOf(']') + 1)] : registry.Split(':')[0];
        return host is "localhost" or "[::1]" || host.StartsWith("127.", StringComparison.Ordinal);
    }
}
