using System;

namespace CodeFirstBpf.Runtime;

/// <summary>The usual fix for the verifier complaints users meet first.</summary>
internal static class VerifierHints
{
    private static readonly (string Needle, string Hint)[] s_table =
    [
        ("invalid access to packet", "compare the pointer with DataEnd before reading or writing the packet"),
        ("outside of the packet", "compare the pointer with DataEnd before reading or writing the packet"),
        ("map_value_or_null", "check the map lookup result for null before using it"),
        ("invalid indirect read from stack", "zero-initialise the key or value, padding included, before passing it to a helper"),
        ("invalid read from stack", "initialise the variable before reading it"),
        ("!read_ok", "initialise the variable on every path before using it"),
        ("back-edge", "give the loop a bound the verifier can see, or use Bpf.Loop"),
        ("infinite loop detected", "give the loop a bound the verifier can see, or use Bpf.Loop"),
        ("BPF program is too large", "shorten loops or split the program with tail calls"),
        ("combined stack size", "keep the stack frames of the program and its calls under 512 bytes"),
        ("invalid access to map value", "bound the offset into the map value"),
        ("unbounded memory access", "bound the index with a constant check (e.g. if (i >= N) return) before using it as an offset"),
        ("jumps is too complex", "give the loop a bound the verifier can see, or use Bpf.Loop"),
        ("cannot call GPL-restricted function", "license the program as GPL"),
        ("unknown func", "this kernel lacks the helper; check its minimum kernel version"),
        ("invalid func", "this kernel lacks the helper; check its minimum kernel version"),
    ];

    internal static string? For(string log)
    {
        foreach ((string needle, string hint) in s_table)
        {
            if (log.Contains(needle, StringComparison.Ordinal))
                return hint;
        }
        return null;
    }
}
