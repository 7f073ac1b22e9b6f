using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CodeFirstBpf.Generator.IR;

/// <summary>
/// Assembles a whole module as LLVM IR text: header for <c>bpfel</c>, globals, functions,
/// intrinsic declarations, <c>@llvm.compiler.used</c> (keeps programs, maps and the licence
/// alive through O2) and the metadata table.
/// </summary>
internal sealed class ModuleText
{
    public const string DataLayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128";

    private readonly List<IrGlobal> _globals = new();
    private readonly List<IrFunction> _functions = new();
    private readonly List<string> _used = new();
    private readonly List<string> _moduleFlags = new();

    public ModuleText(string name) => Name = name;

    public string Name { get; }
    public MetadataTable Metadata { get; } = new();
    public string? CompileUnit { get; set; }

    /// <summary>Adds a global; <paramref name="keep"/> puts it in <c>@llvm.compiler.used</c> (maps, globals, the licence).</summary>
    public void AddGlobal(IrGlobal global, bool keep)
    {
        _globals.Add(global);
        if (keep) _used.Add("@" + global.Name);
    }

    /// <summary>Adds a function; programs are kept alive through O2 by <c>@llvm.compiler.used</c>.</summary>
    public void AddFunction(IrFunction function, bool keep)
    {
        _functions.Add(function);
        if (keep) _used.Add("@" + function.Body.Name);
    }

    private readonly SortedSet<string> _support = new(System.StringComparer.Ordinal);

    /// <summary>Records a CPU-dependent support function the code calls (see <c>Backends.IrSupport</c>).</summary>
    public void RequireSupport(string function) => _support.Add(function);

    /// <summary>The support functions the code calls, collected while emitting.</summary>
    public IReadOnlyCollection<string> Support => _support;

    private readonly SortedSet<string> _declarations = new(System.StringComparer.Ordinal);

    /// <summary>Declares an LLVM intrinsic the lowering used (printed once, in a stable order).</summary>
    public void Declare(string declaration) => _declarations.Add(declaration);

    public void AddModuleFlag(string flag) => _moduleFlags.Add(Metadata.Add(flag));

    /// <summary>
    /// Some function calls a helper that may move the packet (or a tail call, whose target may). If
    /// none does, the context's packet pointers are the same for the whole run, and their loads are
    /// printed as <c>!invariant.load</c>: LLVM then keeps <c>ctx.DataEnd</c> in a register across map
    /// lookups instead of reading it again after every call, as clang does for a C local.
    /// </summary>
    public bool PacketMoves { get; set; }

    public string Print()
    {
        if (!PacketMoves)
        {
            string invariant = Metadata.Add("!{}");
            foreach (var f in _functions) f.Body.MarkPacketLoadsInvariant(invariant);
        }
        var sb = new StringBuilder();
        sb.Append("; ModuleID = ").Append(MetadataTable.Quote(Name)).Append('\n');
        sb.Append("source_filename = ").Append(MetadataTable.Quote(Name)).Append('\n');
        sb.Append("target datalayout = \"").Append(DataLayout).Append("\"\n");
        sb.Append("target triple = \"bpfel\"\n\n");
        foreach (var g in _globals) sb.Append(g).Append('\n');
        if (_used.Count > 0)
        {
            sb.Append("@llvm.compiler.used = appending global [").Append(_used.Count.ToString(CultureInfo.InvariantCulture)).Append(" x ptr] [");
            for (int i = 0; i < _used.Count; i++) sb.Append(i == 0 ? "" : ", ").Append("ptr ").Append(_used[i]);
            sb.Append("], section \"llvm.metadata\"\n");
        }
        sb.Append('\n');
        foreach (var f in _functions) sb.Append(f).Append('\n');
        sb.Append("declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg)\n");
        sb.Append("declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg)\n");
        sb.Append("declare void @llvm.dbg.value(metadata, metadata, metadata)\n");
        sb.Append("declare i16 @llvm.bswap.i16(i16)\ndeclare i32 @llvm.bswap.i32(i32)\ndeclare i64 @llvm.bswap.i64(i64)\n");
        foreach (var d in _declarations) sb.Append(d).Append('\n');
        sb.Append('\n');
        sb.Append("attributes #").Append((int)FunctionAttributes.Program).Append(" = { nounwind \"frame-pointer\"=\"all\" }\n");
        sb.Append("attributes #").Append((int)FunctionAttributes.AlwaysInline).Append(" = { alwaysinline nounwind \"frame-pointer\"=\"all\" }\n");
        sb.Append("attributes #").Append((int)FunctionAttributes.NoInline).Append(" = { noinline nounwind \"frame-pointer\"=\"all\" }\n");
        // readnone, which LLVM 16+ reads as memory(none); LLVM 15 knows only this spelling.
        sb.Append("attributes #").Append((int)FunctionAttributes.NoMemory).Append(" = { nounwind readnone }\n\n");
        if (CompileUnit != null) sb.Append("!llvm.dbg.cu = !{").Append(CompileUnit).Append("}\n");
        if (_moduleFlags.Count > 0) sb.Append("!llvm.module.flags = !{").Append(string.Join(", ", _moduleFlags)).Append("}\n");
        Metadata.Print(sb);
        return sb.ToString();
    }
}
