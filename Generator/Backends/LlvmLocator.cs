using System;
using System.Collections.Generic;

namespace CodeFirstBpf.Generator.Backends;

/// <summary>
/// Finds a libLLVM with the BPF target, newest first. LLVM 14 cannot parse opaque-pointer IR, so
/// the search stops at 15. The MSBuild property <c>BpfLlvmLibrary</c> overrides the search.
/// </summary>
internal static class LlvmLocator
{
    private const int Newest = 22;
    public const int Oldest = 15;

    public static IEnumerable<string> Candidates(string? overridePath)
    {
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            yield return overridePath!;
            yield break;
        }
        for (int v = Newest; v >= Oldest; v--)
        {
            yield return $"libLLVM.so.{v}.1";
            yield return $"libLLVM-{v}.so.1";
            yield return $"/usr/lib/llvm-{v}/lib/libLLVM.so.1";
            yield return $"/usr/lib/llvm-{v}/lib/libLLVM-{v}.so";
            yield return $"/usr/lib/llvm-{v}/lib/libLLVM.so";
        }
    }

    /// <summary>Opens the first candidate that loads; the tried paths go into <paramref name="tried"/>.</summary>
    public static IntPtr Open(string? overridePath, out string? path, out string tried)
    {
        var errors = new List<string>();
        foreach (string candidate in Candidates(overridePath))
        {
            IntPtr h = NativeLibraryLoader.Open(candidate, out string? error);
            if (h != IntPtr.Zero)
            {
                path = candidate;
                tried = string.Empty;
                return h;
            }
            if (overridePath != null || errors.Count < 3) errors.Add(error ?? candidate);
        }
        path = null;
        tried = overridePath != null ? string.Join("; ", errors) : "looked for libLLVM " + Oldest + " to " + Newest;
        return IntPtr.Zero;
    }
}
