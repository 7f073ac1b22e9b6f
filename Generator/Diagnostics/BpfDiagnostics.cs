using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Diagnostics;

/// <summary>
/// Every BPF#### diagnostic, declared once. The generator and the analyzers both report from this
/// table (the Analyzers project links this file), so a rule is never defined twice.
/// IDs are stable: BPF0xxx toolchain, BPF1xxx C# outside the subset, BPF2xxx declarations,
/// BPF3xxx verifier-flow rules, BPF4xxx load-time verification.
/// </summary>
internal static class BpfDiagnostics
{
    private const string Toolchain = "CodeFirstBpf.Toolchain";
    private const string Subset = "CodeFirstBpf.Subset";
    private const string Declarations = "CodeFirstBpf.Declarations";
    private const string Flow = "CodeFirstBpf.VerifierFlow";

    private static readonly System.Collections.Generic.Dictionary<string, DiagnosticDescriptor> s_byId = new();

    /// <summary>The descriptor with the given ID (models carry IDs, not descriptors).</summary>
    public static DiagnosticDescriptor ById(string id) => s_byId.TryGetValue(id, out var d) ? d : InternalError;

    private static DiagnosticDescriptor Register(DiagnosticDescriptor d)
    {
        s_byId[d.Id] = d;
        return d;
    }

    private static DiagnosticDescriptor Error(string id, string title, string message, string category)
        => Register(new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinks.For(id)));

    private static DiagnosticDescriptor Warning(string id, string title, string message, string category)
        => Register(new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinks.For(id)));

    // Toolchain
    public static readonly DiagnosticDescriptor LlvmNotFound = Error("BPF0001", "LLVM not found",
        "No usable libLLVM (15 or newer) was found: install it with 'apt-get install libllvm19' or set the MSBuild property BpfLlvmLibrary to the path of libLLVM.so ({0})", Toolchain);
    public static readonly DiagnosticDescriptor LlvmFailed = Error("BPF0002", "LLVM failed to compile the program",
        "LLVM could not compile '{0}' to BPF: {1}", Toolchain);
    public static readonly DiagnosticDescriptor InternalError = Error("BPF0003", "Internal compiler error",
        "CodeFirstBpf could not lower this code ({0}); please report it with this snippet", Toolchain);
    public static readonly DiagnosticDescriptor InvalidBpfCpu = Error("BPF0004", "Unknown BpfCpu",
        "BpfCpu '{0}' is not one of v1, v2, v3, v4", Toolchain);
    public static readonly DiagnosticDescriptor BtfUndescribable = Warning("BPF0005", "BTF cannot describe a type as C# declares it",
        "BTF cannot describe {0} as declared: {1}; BTF (bpftool, verifier messages) shows it as '{2}'", Toolchain);

    // C# outside the subset
    public static readonly DiagnosticDescriptor Unsupported = Error("BPF1001", "Unsupported construct in BPF code",
        "{0} cannot run in BPF code: {1}", Subset);
    public static readonly DiagnosticDescriptor HeapAllocation = Error("BPF1002", "Heap allocation in BPF code",
        "'{0}' allocates on the heap, which BPF code cannot do: use an unmanaged struct local or a map value", Subset);
    public static readonly DiagnosticDescriptor StringUse = Error("BPF1003", "String in BPF code",
        "Strings cannot be used in BPF code except as the constant format of Bpf.Printk", Subset);
    public static readonly DiagnosticDescriptor ManagedArray = Error("BPF1004", "Managed array in BPF code",
        "Managed arrays cannot be used in BPF code: use a fixed buffer in a struct, a stackalloc-free struct local, or an ArrayMap", Subset);
    public static readonly DiagnosticDescriptor Boxing = Error("BPF1005", "Boxing in BPF code",
        "Converting '{0}' to '{1}' boxes it on the heap, which BPF code cannot do", Subset);
    public static readonly DiagnosticDescriptor VirtualCall = Error("BPF1006", "Interface or virtual call in BPF code",
        "'{0}' is an interface or virtual call, which BPF code cannot make: call a static method", Subset);
    public static readonly DiagnosticDescriptor Delegate = Error("BPF1007", "Delegate or lambda in BPF code",
        "Delegates and lambdas cannot be used in BPF code: call a static method directly", Subset);
    public static readonly DiagnosticDescriptor Linq = Error("BPF1008", "LINQ in BPF code",
        "LINQ cannot be used in BPF code: write a bounded for loop", Subset);
    public static readonly DiagnosticDescriptor Foreach = Error("BPF1009", "foreach in BPF code",
        "foreach cannot be used in BPF code: write a for loop with a constant bound", Subset);
    public static readonly DiagnosticDescriptor Exceptions = Error("BPF1010", "Exceptions in BPF code",
        "'{0}' cannot be used in BPF code: BPF has no exceptions, return an action or an error code instead", Subset);
    public static readonly DiagnosticDescriptor Async = Error("BPF1011", "async in BPF code",
        "async methods and await cannot be used in BPF code", Subset);
    public static readonly DiagnosticDescriptor Recursion = Error("BPF1012", "Recursion in BPF code",
        "'{0}' calls itself (directly or through other methods); BPF forbids recursion: rewrite it as a bounded loop", Subset);
    public static readonly DiagnosticDescriptor FloatingPoint = Error("BPF1013", "Floating point in BPF code",
        "'{0}' is a floating-point type; BPF has no floating point: use scaled integers", Subset);
    public static readonly DiagnosticDescriptor Dynamic = Error("BPF1014", "dynamic in BPF code",
        "dynamic cannot be used in BPF code", Subset);
    public static readonly DiagnosticDescriptor NoSource = Error("BPF1015", "Call to a method without source",
        "'{0}' has no source in this compilation and is not a BPF intrinsic: only methods written in this project, map operations and Bpf helpers can be called", Subset);
    public static readonly DiagnosticDescriptor StackTooLarge = Error("BPF1016", "Stack frame over 512 bytes",
        "'{0}' needs {1} bytes of stack; BPF allows 512: move large structs into a per-CPU array map", Subset);
    public static readonly DiagnosticDescriptor Checked = Error("BPF1017", "Checked arithmetic in BPF code",
        "Checked arithmetic would need an overflow exception, which BPF code cannot throw: use unchecked arithmetic", Subset);
    public static readonly DiagnosticDescriptor ClassInstance = Error("BPF1018", "Class or instance member in BPF code",
        "'{0}' is a class or instance member; BPF code can use only static methods, unmanaged structs and maps", Subset);
    public static readonly DiagnosticDescriptor StaticConstructor = Error("BPF1019", "Static constructor in BPF code",
        "The static constructor of '{0}' never runs in BPF: a global's value is its constant initializer (or what userspace writes); give the field a constant initializer", Subset);
    public static readonly DiagnosticDescriptor TooDeep = Error("BPF1020", "Code nested too deeply",
        "This {0} is nested too deeply for CodeFirstBpf to compile: split it with local variables or helper methods", Subset);
    public static readonly DiagnosticDescriptor NeedsNewerCpu = Error("BPF1021", "Instruction needs a newer BpfCpu",
        "{0} needs BpfCpu {1} or newer, but this project builds for {2}: set <BpfCpu>{1}</BpfCpu> or {3}", Subset);

    public static readonly DiagnosticDescriptor BlockSize = Error("BPF1022", "Block copy or fill size is not constant",
        "The size of {0} is not a constant: BPF copies and fills are unrolled when the program is built, so give a literal, a const or sizeof(T)", Subset);

    // Declarations
    public static readonly DiagnosticDescriptor ProgramSignature = Error("BPF2001", "Wrong program signature",
        "'{0}' must be declared as 'static {1} {0}({2} ctx)'", Declarations);
    public static readonly DiagnosticDescriptor MapTypeArgument = Error("BPF2002", "Map key or value is not unmanaged",
        "'{0}' cannot be a map key or value: use an integer or an unmanaged struct", Declarations);
    public static readonly DiagnosticDescriptor MapField = Error("BPF2003", "Map field is not static readonly",
        "Map '{0}' must be a 'static readonly' field of the program class", Declarations);
    public static readonly DiagnosticDescriptor MapSize = Error("BPF2004", "Map size is not constant",
        "The size of map '{0}' must be a positive compile-time constant", Declarations);
    public static readonly DiagnosticDescriptor ProgramClass = Error("BPF2005", "Program class must be static partial",
        "Class '{0}' holds BPF programs and must be declared 'static partial' at namespace level", Declarations);
    public static readonly DiagnosticDescriptor PrintkFormat = Error("BPF2006", "Bad Printk call",
        "Bpf.Printk needs a constant format string and at most 3 integer arguments", Declarations);
    public static readonly DiagnosticDescriptor RingBufferSize = Error("BPF2007", "Bad ring buffer size",
        "Ring buffer '{0}' is {1} bytes; the kernel needs a power of two of at least 4096 (a multiple of the page size)", Declarations);
    public static readonly DiagnosticDescriptor DuplicateProgram = Error("BPF2008", "Duplicate program name",
        "Program '{0}' is declared more than once in '{1}': a BPF program is named by its method, so program methods cannot be overloaded", Declarations);
    public static readonly DiagnosticDescriptor StructLayout = Error("BPF2009", "Struct layout BPF cannot reproduce",
        "'{0}' uses {1}, which BPF cannot lay out the way .NET does: {2}", Declarations);
    public static readonly DiagnosticDescriptor MapFlags = Error("BPF2010", "Bad map flags",
        "Map '{0}': {1}", Declarations);
    public static readonly DiagnosticDescriptor InnerMap = Error("BPF2012", "Bad inner map",
        "Map of maps '{0}': {1}", Declarations);
    public static readonly DiagnosticDescriptor TooManyArguments = Error("BPF2011", "BPF function with more than five arguments",
        "BPF functions take at most five arguments: pass a pointer to a struct ('{0}' needs {1} after optimisation)", Declarations);

    // Verifier-flow rules (analyzers)
    public static readonly DiagnosticDescriptor PacketBounds = Error("BPF3001", "Packet access without a bounds check",
        "'{0}' reads or writes packet memory without a dominating check against DataEnd covering it; the verifier will reject it", Flow);
    public static readonly DiagnosticDescriptor NullCheck = Error("BPF3002", "Map value used without a null check",
        "'{0}' may be null here (map Lookup returns null when the key is absent); check it before dereferencing", Flow);
    public static readonly DiagnosticDescriptor UnboundedLoop = Error("BPF3003", "Loop without a visible bound",
        "The verifier cannot see a constant bound on this loop: bound it by a constant or use Bpf.Loop", Flow);
    public static readonly DiagnosticDescriptor HelperNotAllowed = Error("BPF3004", "Helper not allowed in this program type",
        "'{0}' cannot be called from a {1} program", Flow);

    // Load-time verification
    public static readonly DiagnosticDescriptor VerifierRejected = Error("BPF4001", "Kernel verifier rejected the program",
        "The kernel verifier rejected '{0}': {1}", Toolchain);
    public static readonly DiagnosticDescriptor VerifyUnavailable = Warning("BPF4002", "Cannot verify on build",
        "BpfVerifyOnBuild is set but the build cannot load BPF programs: {0}", Toolchain);
    /// <summary>Reported by CodeFirstBpf.targets (MSBuild), not by Roslyn: declared here so that every ID has one row and one page.</summary>
    public static readonly DiagnosticDescriptor VerifyToolMissing = Error("BPF4003", "cfbpf not found for BpfVerifyOnBuild",
        "BpfVerifyOnBuild needs the cfbpf tool, which is not at '{0}'", Toolchain);
}
