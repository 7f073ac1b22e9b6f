using System;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Runtime.Interop;

/// <summary>
/// Finds libbpf once per process. The environment variable <c>CODEFIRSTBPF_LIBBPF</c> may name
/// another libbpf (a newer build, say); otherwise the system's <c>libbpf.so.1</c> is used.
/// </summary>
internal static class NativeLibraries
{
    internal const string LibbpfPathVariable = "CODEFIRSTBPF_LIBBPF";

    private static readonly Lazy<nint> s_libbpf = new(LoadLibbpf);

    static NativeLibraries() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);

    /// <summary>Loads libbpf and installs the print callback, or throws one actionable error.</summary>
    internal static void EnsureLibbpf()
    {
        if (s_libbpf.Value == 0)
            throw new BpfException(BpfErrors.LibbpfMissing, Errno.ENOENT);
        LibBpfLog.Install();
    }

    /// <summary>Resolves an optional libbpf export that newer versions add.</summary>
    internal static bool TryGetLibbpfExport(string name, out nint address)
    {
        address = 0;
        return s_libbpf.Value != 0 && NativeLibrary.TryGetExport(s_libbpf.Value, name, out address);
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == LibBpf.Library ? s_libbpf.Value : 0;

    private static nint LoadLibbpf()
    {
        string? custom = Environment.GetEnvironmentVariable(LibbpfPathVariable);
        if (!string.IsNullOrEmpty(custom) && NativeLibrary.TryLoad(custom, out nint handle))
            return handle;
        return NativeLibrary.TryLoad(LibBpf.Library, out handle) ? handle : 0;
    }
}
