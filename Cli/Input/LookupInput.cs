using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Input;

/// <summary>
/// The lookups <c>cfbpf test-run</c> runs an sk_lookup program over: from a JSON file (one object or
/// an array of them: <c>{"protocol": "tcp", "local": "127.0.0.1:80", "remote": "192.0.2.1:40000"}</c>)
/// or from the <c>--protocol</c>/<c>--local</c>/<c>--remote</c> options.
/// </summary>
internal static class LookupInput
{
    /// <summary>The lookups of <paramref name="file"/>, or the one the options give when there is no file.</summary>
    public static IReadOnlyList<SkLookupTestRunContext> Read(string? file, string? protocol, string? local, string? remote)
    {
        if (file == null)
        {
            if (local == null)
                throw new ArgumentException("an sk_lookup test run needs a lookup: --local ADDRESS:PORT (and --protocol, --remote), or a JSON file of lookups");
            return [Lookup(protocol ?? "tcp", local, remote, "the options")];
        }
        if (protocol != null || local != null || remote != null)
            throw new ArgumentException($"give the lookups either in {file} or with --protocol/--local/--remote, not both");
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var lookups = new List<SkLookupTestRunContext>();
        IEnumerable<JsonElement> items = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray() : [doc.RootElement];
        foreach (JsonElement item in items)
        {
            string where = $"{file}: lookup {lookups.Count + 1}";
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("local", out JsonElement l))
                throw new ArgumentException($"{where} needs an object with \"local\": \"ADDRESS:PORT\" (and \"protocol\", \"remote\")");
            string? p = item.TryGetProperty("protocol", out JsonElement pe) ? pe.ToString() : null;
            string? r = item.TryGetProperty("remote", out JsonElement re) ? re.GetString() : null;
            lookups.Add(Lookup(p ?? "tcp", l.GetString() ?? "", r, where));
        }
        return lookups;
    }

    private static SkLookupTestRunContext Lookup(string protocol, string local, string? remote, string where)
        => new(Protocol(protocol, where), EndPoint(local, "local", where), remote == null ? null : EndPoint(remote, "remote", where));

    private static ProtocolType Protocol(string text, string where) => text.ToLowerInvariant() switch
    {
        "tcp" => ProtocolType.Tcp,
        "udp" => ProtocolType.Udp,
        var n when ushort.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out ushort number) => (ProtocolType)number,
        _ => throw new ArgumentException($"{where}: protocol '{text}' is not tcp, udp or a protocol number"),
    };

    private static IPEndPoint EndPoint(string text, string what, string where)
        => IPEndPoint.TryParse(text, out IPEndPoint? e) && (text.Contains("]:", StringComparison.Ordinal) || (!text.Contains('[') && text.Split(':').Length == 2))
            ? e
            : throw new ArgumentException($"{where}: {what} '{text}' is not ADDRESS:PORT (e.g. 127.0.0.1:80 or [::1]:80)");
}
