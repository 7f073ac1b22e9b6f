using System;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeFirstBpf.Runtime.Images;

/// <summary>TLS to a registry whose certificate comes from a private CA: the chain must end at that CA, the name must match.</summary>
internal static class RegistryTls
{
    public static Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> TrustOnly(string caFile)
    {
        X509Certificate2Collection authorities = new();
        try
        {
            authorities.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is CryptographicException or System.IO.IOException)
        {
            throw new BpfImageException($"Cannot read the CA certificate {caFile}: {e.Message}; give a PEM file.", e);
        }
        if (authorities.Count == 0)
            throw new BpfImageException($"{caFile} holds no PEM certificate; give the registry's CA certificate.");
        return (_, certificate, _, errors) =>
        {
            // A name mismatch is never forgiven; an unknown root is what the private CA settles.
            if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
                return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        };
    }
}
