using System;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Generator.Backends;

/// <summary>
/// dlopen/dlsym for netstandard2.0, where <c>NativeLibrary</c> does not exist. The generator runs
/// inside csc, so the libLLVM path is only known at run time.
/// </summary>
internal static class NativeLibraryLoader
{
    private const int RtldNow = 2;
    private const int RtldLocal = 0;

    [DllImport("libc.so.6", EntryPoint = "dlopen")]
    private static extern IntPtr DlOpenLibc(string fileName, int flags);

    [DllImport("libc.so.6", EntryPoint = "dlsym")]
    private static extern IntPtr DlSymLibc(IntPtr handle, string symbol);

    [DllImport("libc.so.6", EntryPoint = "dlerror")]
    private static extern IntPtr DlErrorLibc();

    public static IntPtr Open(string path, out string? error)
    {
        error = null;
        try
        {
            IntPtr h = DlOpenLibc(path, RtldNow | RtldLocal);
            if (h == IntPtr.Zero) error = Marshal.PtrToStringAnsi(DlErrorLibc());
            return h;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            error = "dlopen is unavailable on this platform (" + e.Message + ")";
            return IntPtr.Zero;
        }
    }

    public static IntPtr Symbol(IntPtr handle, string name) => DlSymLibc(handle, name);
}
