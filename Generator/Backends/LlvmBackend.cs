using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace CodeFirstBpf.Generator.Backends;

/// <summary>The outcome of compiling one module: ELF bytes, or an error message.</summary>
internal sealed class LlvmResult
{
    public LlvmResult(byte[]? elf, string? error, bool llvmMissing = false, IReadOnlyList<string>? errors = null)
    {
        Elf = elf;
        Error = error;
        LlvmMissing = llvmMissing;
        Errors = errors ?? Array.Empty<string>();
    }

    public byte[]? Elf { get; }
    public string? Error { get; }
    public bool LlvmMissing { get; }

    /// <summary>Each error LLVM's diagnostic handler reported, one message apiece (BackendDiagnostics locates them).</summary>
    public IReadOnlyList<string> Errors { get; }
}

/// <summary>
/// The only native step: LLVM IR text → <c>default&lt;O2&gt;</c> → BPF ELF object, in process through
/// the LLVM C API. LLVM is process-global state and the compiler server builds projects in
/// parallel, so every call is serialised. A diagnostic handler is installed on each context:
/// without one an LLVM error calls exit(1) and takes the compiler with it.
/// </summary>
internal static unsafe class LlvmBackend
{
    private static readonly object s_lock = new();
    private static readonly Dictionary<string, (LlvmApi? Api, string Info)> s_libraries = new();
    private static readonly DiagnosticHandler s_handler = OnDiagnostic;
    private static readonly IntPtr s_handlerPtr = Marshal.GetFunctionPointerForDelegate(s_handler);
    private static StringBuilder? s_diagnostics;
    private static List<string>? s_errors;
    private static bool s_sawError;
    private static LlvmApi? s_current;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void DiagnosticHandler(IntPtr info, IntPtr context);

    public static LlvmResult Compile(string irText, string cpu, string? overridePath)
    {
        lock (s_lock)
        {
            var (api, info) = GetApi(overridePath);
            if (api == null) return new LlvmResult(null, info, llvmMissing: true);
            // LLVM before 18 does not know cpu v4: it warns, ignores it, then aborts on sdiv.
            if (cpu == "v4" && api.MajorVersion < 18)
                return new LlvmResult(null, "BpfCpu v4 needs libLLVM 18 or newer, and " + info + " is LLVM " + api.MajorVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    + ": install libllvm19 (or set BpfLlvmLibrary to it), or build for v3");
            s_diagnostics = new StringBuilder();
            s_errors = new List<string>();
            s_sawError = false;
            s_current = api;
            try
            {
                return CompileLocked(api, irText, cpu);
            }
            finally
            {
                s_diagnostics = null;
                s_errors = null;
            }
        }
    }

    private static (LlvmApi? Api, string Info) GetApi(string? overridePath)
    {
        string key = overridePath ?? string.Empty;
        if (s_libraries.TryGetValue(key, out var cached)) return cached;
        IntPtr lib = LlvmLocator.Open(overridePath, out string? path, out string tried);
        (LlvmApi?, string) result;
        if (lib == IntPtr.Zero)
        {
            result = (null, tried);
        }
        else
        {
            try
            {
                var api = new LlvmApi(lib);
                // LLVM 14 cannot read opaque-pointer IR: it would fail on every function with parse errors.
                if (api.MajorVersion < LlvmLocator.Oldest)
                {
                    result = (null, TooOld(path!));
                }
                else
                {
                    api.InitializeBPFTargetInfo();
                    api.InitializeBPFTarget();
                    api.InitializeBPFTargetMC();
                    api.InitializeBPFAsmPrinter();
                    api.InitializeBPFAsmParser();
                    result = (api, path!);
                }
            }
            catch (EntryPointNotFoundException e)
            {
                result = (null, LlvmApi.PredatesOpaquePointers(lib) ? TooOld(path!) : path + " lacks " + e.Message + " (is it built with the BPF target?)");
            }
        }
        s_libraries[key] = result;
        return result;
    }

    private static string TooOld(string path)
        => path + " is LLVM 14 or older, and CodeFirstBpf needs LLVM " + LlvmLocator.Oldest.ToString(System.Globalization.CultureInfo.InvariantCulture) + " or newer (it emits opaque-pointer IR)";

    private static void OnDiagnostic(IntPtr info, IntPtr context)
    {
        // The library whose context is compiling right now: two LLVMs may be loaded (BpfLlvmLibrary).
        var api = s_current;
        if (api == null || s_diagnostics == null) return;
        IntPtr msg = api.GetDiagInfoDescription(info);
        int severity = api.GetDiagInfoSeverity(info);
        // 0 = error, 1 = warning; remarks and notes are noise here. An error (e.g. an instruction
        // the CPU lacks) leaves LLVM emitting a object that is silently wrong, so it must fail.
        string text = Marshal.PtrToStringAnsi(msg) ?? string.Empty;
        if (severity == 0)
        {
            s_sawError = true;
            s_errors?.Add(text);
        }
        if (severity <= 1) s_diagnostics.Append(severity == 0 ? "error: " : "warning: ").Append(text).Append('\n');
        api.DisposeMessage(msg);
    }

    private static byte[] Utf8Z(string s)
    {
        byte[] b = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, 0, s.Length, b, 0);
        return b;
    }

    private static string TakeMessage(LlvmApi api, IntPtr msg)
    {
        if (msg == IntPtr.Zero) return string.Empty;
        string s = Marshal.PtrToStringAnsi(msg) ?? string.Empty;
        api.DisposeMessage(msg);
        return s;
    }

    private static LlvmResult CompileLocked(LlvmApi api, string irText, string cpu)
    {
        IntPtr ctx = api.ContextCreate();
        IntPtr module = IntPtr.Zero, tm = IntPtr.Zero, pbo = IntPtr.Zero;
        try
        {
            api.ContextSetDiagnosticHandler(ctx, s_handlerPtr, IntPtr.Zero);
            byte[] text = Encoding.UTF8.GetBytes(irText);
            byte[] bufName = Utf8Z("bpf.ll");
            IntPtr buffer;
            fixed (byte* t = text)
            fixed (byte* n = bufName)
            {
                // RequiresNullTerminator = 0; the parser owns the buffer afterwards.
                buffer = api.CreateMemoryBufferWithMemoryRangeCopy(t, (IntPtr)text.Length, n, 0);
            }
            IntPtr msg;
            if (api.ParseIRInContext(ctx, buffer, &module, &msg) != 0)
                return new LlvmResult(null, "IR parse error: " + TakeMessage(api, msg) + Pending());
            if (api.VerifyModule(module, 2, &msg) != 0)
                return new LlvmResult(null, "IR verification failed: " + TakeMessage(api, msg) + Pending());
            TakeMessage(api, msg);

            byte[] triple = Utf8Z("bpfel");
            IntPtr target;
            fixed (byte* tr = triple)
            {
                if (api.GetTargetFromTriple(tr, &target, &msg) != 0)
                    return new LlvmResult(null, "no BPF target: " + TakeMessage(api, msg));
                byte[] cpuZ = Utf8Z(cpu);
                byte[] features = Utf8Z(string.Empty);
                fixed (byte* c = cpuZ)
                fixed (byte* f = features)
                {
                    // OptLevel 2 = Default, RelocMode 0 = Default, CodeModel 0 = Default.
                    tm = api.CreateTargetMachine(target, tr, c, f, 2, 0, 0);
                }
            }
            pbo = api.CreatePassBuilderOptions();
            byte[] passes = Utf8Z("default<O2>");
            IntPtr err;
            fixed (byte* p = passes) err = api.RunPasses(module, p, tm, pbo);
            if (err != IntPtr.Zero)
            {
                IntPtr em = api.GetErrorMessage(err);
                string e = Marshal.PtrToStringAnsi(em) ?? "unknown";
                api.DisposeErrorMessage(em);
                return new LlvmResult(null, "optimisation failed: " + e + Pending());
            }
            IntPtr obj;
            if (api.TargetMachineEmitToMemoryBuffer(tm, module, 1, &msg, &obj) != 0)
                return new LlvmResult(null, "code generation failed: " + TakeMessage(api, msg) + Pending(), errors: s_errors);
            try
            {
                int size = (int)api.GetBufferSize(obj);
                byte[] elf = new byte[size];
                Marshal.Copy(api.GetBufferStart(obj), elf, 0, size);
                if (s_sawError) return new LlvmResult(null, Pending().Trim(), errors: s_errors);
                return new LlvmResult(elf, null);
            }
            finally
            {
                api.DisposeMemoryBuffer(obj);
            }
        }
        finally
        {
            if (pbo != IntPtr.Zero) api.DisposePassBuilderOptions(pbo);
            if (tm != IntPtr.Zero) api.DisposeTargetMachine(tm);
            if (module != IntPtr.Zero) api.DisposeModule(module);
            api.ContextDispose(ctx);
        }
    }

    private static string Pending()
    {
        string s = s_diagnostics?.ToString() ?? string.Empty;
        return s.Length == 0 ? string.Empty : " " + s.Trim();
    }
}
