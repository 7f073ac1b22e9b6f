using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CodeFirstBpf.Generator.Model;

// Everything in Model/ must stay structurally equatable and free of ISymbol/SyntaxNode/Compilation:
// the incremental pipeline compares models to decide whether LLVM and the emitter run again, and a
// symbol inside would both break that comparison and keep whole compilations alive.

/// <summary>One <c>[Xdp]</c>/<c>[Tc]</c> method of the class.</summary>
internal sealed record ProgramModel(string Name, string Kind);

/// <summary>One map field: its Dataplane kind, kernel type, typed C# names of key and value.</summary>
internal sealed record MapModel(string Name, string Kind, string? KeyType, string? ValueType, uint MaxEntries, bool Pinned)
{
    /// <summary>For a map of maps, the template of its inner maps; null otherwise.</summary>
    public InnerMapModel? Inner { get; init; }
}

/// <summary>The inner map template of a map of maps: its Dataplane kind, type arguments and the kernel's numbers, so userspace can create matching maps.</summary>
internal sealed record InnerMapModel(string Kind, string? KeyType, string? ValueType, int MapType, int KeySize, int ValueSize, uint MaxEntries, uint Flags);

/// <summary>A global variable: a static field in .rodata ([Config]), .data or .bss.</summary>
internal sealed record GlobalModel(string Name, string Type, string Section, bool IsConfig);

/// <summary>
/// A diagnostic with its location flattened to strings and spans. <c>Shared</c>: the analyzers
/// report the same rule at the same place, so a build that runs them need not report it twice.
/// </summary>
internal sealed record DiagnosticInfo(string Id, string FilePath, TextSpan Span, LinePositionSpan LineSpan, EquatableArray<string> Args, bool Shared = false)
{
    public Location ToLocation() => FilePath.Length == 0 ? Location.None : Location.Create(FilePath, Span, LineSpan);

    /// <summary>Whether the rule is an error; a warning does not stop the object from compiling.</summary>
    public bool IsError => CodeFirstBpf.Diagnostics.BpfDiagnostics.ById(Id).DefaultSeverity == DiagnosticSeverity.Error;
}

/// <summary>
/// Code that compiles only for a BPF CPU of at least <c>MinCpu</c>: checked in the output step,
/// where the configured CPU is known, before LLVM could abort on it. The diagnostic's arguments
/// are what needs it and the alternative.
/// </summary>
internal sealed record CpuRequirement(string MinCpu, DiagnosticInfo Where);

/// <summary>An ELF function and the C# method it came from, so back-end errors point at C#.</summary>
internal sealed record FunctionSite(string Symbol, string Method, DiagnosticInfo Where);

/// <summary>The whole lowered program class: what the output step needs to run LLVM and emit C#.</summary>
internal sealed record ProgramClassModel(
    string? Namespace,
    string ClassName,
    string Accessibility,
    string IrText,
    EquatableArray<ProgramModel> Programs,
    EquatableArray<MapModel> Maps,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>Whether a diagnostic is an error (warnings, e.g. BPF0005, leave the object to compile).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The class has C# errors, so it was not lowered; only the accessors are emitted.</summary>
    public bool Incomplete { get; init; }

    /// <summary>CodeFirstBpf.Runtime is referenced, so the typed <c>Load()</c> surface can be emitted.</summary>
    public bool HasRuntime { get; init; }

    /// <summary>The class's global variables.</summary>
    public EquatableArray<GlobalModel> Globals { get; init; }

    /// <summary>The CPU-dependent support functions the IR calls (their bodies are appended for the configured CPU).</summary>
    public EquatableArray<string> Support { get; init; }

    /// <summary>Every function of the module with its C# method.</summary>
    public EquatableArray<FunctionSite> Functions { get; init; }

    /// <summary>What needs a newer BPF CPU than v1.</summary>
    public EquatableArray<CpuRequirement> CpuRequirements { get; init; }

    /// <summary>The class is declared static partial at namespace level, so generated members can join it.</summary>
    public bool CanExtend { get; init; } = true;
}

/// <summary>MSBuild properties the generator reads.</summary>
internal sealed record GeneratorOptions(string Cpu, string? LlvmLibrary, string ProjectDir, bool EmitIntermediates, string IntermediateDir, bool AnalyzersRun = false, string CacheDir = "");
