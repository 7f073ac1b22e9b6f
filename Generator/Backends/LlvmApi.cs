using System;
using System.Runtime.InteropServices;

namespace CodeFirstBpf.Generator.Backends;

/// <summary>
/// The handful of LLVM C API functions the back end needs, bound by dlsym from whichever libLLVM
/// was found. Every <c>*Ref</c> is an <see cref="IntPtr"/> and <c>LLVMBool</c> is an int.
/// </summary>
internal sealed unsafe class LlvmApi
{
    public readonly delegate* unmanaged[Cdecl]<IntPtr> ContextCreate;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ContextDispose;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, void> ContextSetDiagnosticHandler;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> GetDiagInfoDescription;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int> GetDiagInfoSeverity;
    public readonly delegate* unmanaged[Cdecl]<byte*, IntPtr, byte*, int, IntPtr> CreateMemoryBufferWithMemoryRangeCopy;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr*, IntPtr*, int> ParseIRInContext;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr*, int> VerifyModule;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> DisposeModule;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> DisposeMessage;
    public readonly delegate* unmanaged[Cdecl]<void> InitializeBPFTargetInfo;
    public readonly delegate* unmanaged[Cdecl]<void> InitializeBPFTarget;
    public readonly delegate* unmanaged[Cdecl]<void> InitializeBPFTargetMC;
    public readonly delegate* unmanaged[Cdecl]<void> InitializeBPFAsmPrinter;
    /// <summary>Needed to emit an object from IR with a non-empty inline asm (IrSupport.LowHalf); without it LLVM aborts.</summary>
    public readonly delegate* unmanaged[Cdecl]<void> InitializeBPFAsmParser;
    public readonly delegate* unmanaged[Cdecl]<byte*, IntPtr*, IntPtr*, int> GetTargetFromTriple;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, byte*, byte*, int, int, int, IntPtr> CreateTargetMachine;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> DisposeTargetMachine;
    public readonly delegate* unmanaged[Cdecl]<IntPtr> CreatePassBuilderOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> DisposePassBuilderOptions;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr, IntPtr, IntPtr> RunPasses;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> GetErrorMessage;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> DisposeErrorMessage;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, IntPtr*, IntPtr*, int> TargetMachineEmitToMemoryBuffer;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> GetBufferStart;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> GetBufferSize;
    public readonly delegate* unmanaged[Cdecl]<IntPtr, void> DisposeMemoryBuffer;
    /// <summary>Present from LLVM 16 only.</summary>
    public readonly delegate* unmanaged[Cdecl]<uint*, uint*, uint*, void> GetVersion;
    private readonly bool _predatesOpaquePointers;

    /// <summary>LLVM before 15: neither LLVMGetVersion (16+) nor LLVMPointerTypeIsOpaque (15+).</summary>
    public static bool PredatesOpaquePointers(IntPtr lib)
        => NativeLibraryLoader.Symbol(lib, "LLVMGetVersion") == IntPtr.Zero && NativeLibraryLoader.Symbol(lib, "LLVMPointerTypeIsOpaque") == IntPtr.Zero;

    /// <summary>
    /// The library's major version: from LLVMGetVersion (LLVM 16+). Older ones lack it; LLVM 15
    /// is told from 14 (or older) by LLVMPointerTypeIsOpaque, which came with opaque pointers in 15.
    /// </summary>
    public int MajorVersion
    {
        get
        {
            if (GetVersion == null) return _predatesOpaquePointers ? 14 : 15;
            uint major, minor, patch;
            GetVersion(&major, &minor, &patch);
            return (int)major;
        }
    }

    public LlvmApi(IntPtr lib)
    {
        IntPtr S(string name)
        {
            IntPtr p = NativeLibraryLoader.Symbol(lib, name);
            if (p == IntPtr.Zero) throw new EntryPointNotFoundException(name);
            return p;
        }

        ContextCreate = (delegate* unmanaged[Cdecl]<IntPtr>)S("LLVMContextCreate");
        ContextDispose = (delegate* unmanaged[Cdecl]<IntPtr, void>)S("LLVMContextDispose");
        ContextSetDiagnosticHandler = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, void>)S("LLVMContextSetDiagnosticHandler");
        GetDiagInfoDescription = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)S("LLVMGetDiagInfoDescription");
        GetDiagInfoSeverity = (delegate* unmanaged[Cdecl]<IntPtr, int>)S("LLVMGetDiagInfoSeverity");
        CreateMemoryBufferWithMemoryRangeCopy = (delegate* unmanaged[Cdecl]<byte*, IntPtr, byte*, int, IntPtr>)S("LLVMCreateMemoryBufferWithMemoryRangeCopy");
        ParseIRInContext = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr*, IntPtr*, int>)S("LLVMParseIRInContext");
        VerifyModule = (delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr*, int>)S("LLVMVerifyModule");
        DisposeModule = (delegate* unmanaged[Cdecl]<IntPtr, void>)S("LLVMDisposeModule");
        DisposeMessage = (delegate* unmanaged[Cdecl]<IntPtr, void>)S("LLVMDisposeMessage");
        InitializeBPFTargetInfo = (delegate* unmanaged[Cdecl]<void>)S("LLVMInitializeBPFTargetInfo");
        InitializeBPFTarget = (delegate* unmanaged[Cdecl]<void>)S("LLVMInitializeBPFTarget");
        InitializeBPFTargetMC = (delegate* unmanaged[Cdecl]<void>)S("LLVMInitializeBPFTargetMC");
        InitializeBPFAsmPrinter = (delegate* unmanaged[Cdecl]<void>)S("LLVMInitializeBPFAsmPrinter");
        InitializeBPFAsmParser = (delegate* unmanaged[Cdecl]<void>)S("LLVMInitializeBPFAsmParser");
        GetTargetFromTriple = (delegate* unmanaged[Cdecl]<byte*, IntPtr*, IntPtr*, int>)S("LLVMGetTargetFromTriple");
        CreateTargetMachine = (delegate* unmanaged[Cdecl]<IntPtr, byte*, byte*, byte*, int, int, int, IntPtr>)S("LLVMCreateTargetMachine");
        DisposeTargetMachine = (delegate* unmanaged[Cdecl]<IntPtr, void>)S("LLVMDisposeTargetMachine");
        CreatePassBuilderOptions = (delegate* unmanaged[Cdecl]<IntPtr>)S("LLVMCreatePassBuilderOptions");
        DisposePassBuilderOptions = (delegate* unmanaged[Cdecl]<IntPtr, void>)S("LLVMDisposePassBuilderOptions");
        RunPasses = (delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr, IntPtr, IntPtr>)S("LLVMRunPasses");
        GetErrorMessage = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)S("LLVMGetErrorMessage");
        DisposeErrorMessage = (delegate* unmanaged[Cdecl]<IntPtr, void>)S("LLVMDisposeErrorMessage");
        TargetMachineEmitToMemoryBuffer = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, IntPtr*, IntPtr*, int>)S("LLVMTargetMachineEmitToMemoryBuffer");
        GetBufferStart = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)S("LLVMGetBufferStart");
        GetBufferSize = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)S("LLVMGetBufferSize");
        DisposeMemoryBuffer = (delegate* unmanaged[Cdecl]<IntPtr, void>)S("LLVMDisposeMemoryBuffer");
        _predatesOpaquePointers = PredatesOpaquePointers(lib);
        IntPtr gv = NativeLibraryLoader.Symbol(lib, "LLVMGetVersion");
        GetVersion = (delegate* unmanaged[Cdecl]<uint*, uint*, uint*, void>)gv;
    }
}
