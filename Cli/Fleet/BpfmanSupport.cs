using System;
using System.Collections.Generic;
using System.Linq;

namespace CodeFirstBpf.Cli.Fleet;

/// <summary>
/// The program types bpfman loads (its <c>Program</c> enum: XDP, TC/TCX, tracepoint, kprobe/uprobe,
/// fentry/fexit), in its label spellings; images and manifests of other types would deploy nothing.
/// </summary>
internal static class BpfmanSupport
{
    private static readonly HashSet<string> s_loadable = new(StringComparer.Ordinal) { "xdp", "tc", "tracepoint", "probe", "tracing" };

    private const string Loads = "bpfman loads XDP, TC/TCX, tracepoint, kprobe/uprobe and fentry/fexit programs only";

    /// <summary>Throws for the first program whose bpfman type (<c>io.ebpf.programs</c> spelling) bpfman cannot load.</summary>
    /// <exception cref="ArgumentException">A program of another type.</exception>
    public static void Require(string className, IReadOnlyDictionary<string, string> programTypes, string what)
    {
        if (programTypes.FirstOrDefault(p => !s_loadable.Contains(p.Value)) is { Key: { } program, Value: { } type })
            throw Refusal(className, program, type, what);
    }

    /// <summary>Why <paramref name="className"/>.<paramref name="program"/>, of <paramref name="type"/>, cannot go into <paramref name="what"/>.</summary>
    public static ArgumentException Refusal(string className, string program, string type, string what)
        => new($"{className}.{program} is a {type} program, which bpfman cannot load ({Loads}), so {what} would deploy nothing: "
            + "move it to a class of its own and attach it with 'cfbpf attach' or the runtime");
}
