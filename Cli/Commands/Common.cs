using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Commands;

/// <summary>Options and argument parsing shared by several verbs.</summary>
internal static class Common
{
    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table." };

    /// <summary>
    /// Opens a map named the way a user names it: a kernel id (<c>42</c> or <c>id:42</c>), a pinned
    /// path under bpffs (<c>/sys/fs/bpf/…</c>), or a map name that exactly one map of the machine has.
    /// </summary>
    public static BpfMapHandle OpenMap(string reference)
    {
        string r = reference.StartsWith("id:", StringComparison.Ordinal) ? reference[3..] : reference;
        if (uint.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out uint id)) return BpfMapHandle.OpenById(id);
        if (reference.StartsWith('/')) return BpfMapHandle.OpenPinned(reference);
        var matches = BpfSystem.Maps().Where(m => m.Name == reference || (reference.Length > 15 && m.Name == reference[..15])).ToList();
        return matches.Count switch
        {
            1 => BpfMapHandle.OpenById(matches[0].Id),
            0 => throw new ArgumentException($"no map is named '{reference}' (see 'cfbpf map list'; the kernel keeps 15 characters of a name)"),
            _ => throw new ArgumentException($"{matches.Count} maps are named '{reference}' (ids {string.Join(", ", matches.Select(m => m.Id))}): name one by id"),
        };
    }
}
