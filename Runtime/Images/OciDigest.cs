using System;
using System.Security.Cryptography;

namespace CodeFirstBpf.Runtime.Images;

/// <summary>OCI content digests (<c>sha256:&lt;64 hex&gt;</c>), the only algorithm registries must support.</summary>
internal static class OciDigest
{
    public static string Of(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Whether <paramref name="digest"/> is a well-formed sha256 digest (also used to refuse path tricks in layouts).</summary>
    public static bool IsValid(string digest)
        => digest.Length == 71 && digest.StartsWith("sha256:", StringComparison.Ordinal)
           && digest.AsSpan(7).IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>The hex part, the blob's file name in an OCI layout.</summary>
    public static string Hex(string digest) => digest[7..];
}
