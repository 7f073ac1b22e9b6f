using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.IR;
using CodeFirstBpf.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

internal sealed partial class ModuleLowerer
{
    private const int NoPrealloc = 1;

    /// <summary>The map declared by a static field, defining its <c>.maps</c> global on first use.</summary>
    public MapModel MapFor(IFieldSymbol field, Location? where)
    {
        if (_maps.TryGetValue(field.Name, out var existing)) return existing;
        Location loc = field.Locations.FirstOrDefault() ?? where ?? Location.None;
        if (!SymbolEqualityComparer.Default.Equals(field.ContainingType, _class))
            throw new LoweringException("map", where, BpfDiagnostics.Unsupported, "Map '" + field.Name + "' of another class", "a program can only use the maps of its own class");
        foreach (var wrong in DeclarationRules.MapField(field))
            throw new LoweringException("map", wrong.Location, wrong.Descriptor, wrong.Args);
        var type = (INamedTypeSymbol)field.Type;
        if (BpfFacts.MapKind(type) is not { } kind)
            throw new LoweringException("map", loc, BpfDiagnostics.Unsupported, "Map type '" + type.Name + "'", "it is not supported by this version of CodeFirstBpf");
        // A perf event array declared without a size gets max_entries 0, which libbpf turns into the number of possible CPUs.
        uint maxEntries = MaxEntries(field, loc);
        ITypeSymbol u32 = Compilation.GetSpecialType(SpecialType.System_UInt32);
        ITypeSymbol? key = kind.IndexKey ? u32 : type.TypeArguments[0];
        // Program arrays and the redirect maps hold u32s (program fds, ifindexes, queue sizes, socket fds); so does a perf event array.
        ITypeSymbol? value = type.TypeArguments.Length == 0 || type.Name == "PerfEventArrayMap" ? u32 : type.TypeArguments[type.TypeArguments.Length - 1];
        var extra = new List<(string, int)>();
        if (type.Name is "QueueMap" or "StackMap")
        {
            key = null; // keyless: key_size 0, no key member
        }
        else if (type.Name == "LpmTrieMap")
        {
            // The kernel wants struct { u32 prefixlen; u8 data[]; }: data right after the length.
            if (Layout.Of(key, loc).Align > 4) throw new LoweringException("lpm data", loc, BpfDiagnostics.MapTypeArgument, key.ToDisplayString() + " (LPM data must be 4-byte aligned at most: use uint or a struct of bytes)");
            key = Compilation.GetTypeByMetadataName("CodeFirstBpf.LpmKey`1")!.Construct(key);
            extra.Add(("map_flags", NoPrealloc));
        }
        else if (type.Name == "RingBufferMap")
        {
            if (maxEntries < 4096 || (maxEntries & (maxEntries - 1)) != 0)
                throw new LoweringException("ring size", loc, BpfDiagnostics.RingBufferSize, field.Name, maxEntries);
            key = null;
            value = null;
        }
        bool pinned = field.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "CodeFirstBpf.PinnedAttribute");
        var lineSpan = loc.GetLineSpan();
        int line = lineSpan.StartLinePosition.Line + 1;
        string file = loc.SourceTree != null ? Debug.File(loc.SourceTree) : Debug.File(_class.DeclaringSyntaxReferences[0].SyntaxTree);
        if (pinned) extra.Add(("pinning", 1));
        string dbg = Debug.MapGlobal(field.Name, line, file, kind.Type, maxEntries, key, value, extra);
        int members = (key != null ? 1 : 0) + (value != null ? 1 : 0) + 2 + extra.Count;
        string structType = "{ " + string.Join(", ", Enumerable.Repeat("ptr", members)) + " }";
        _text.AddGlobal(new IrGlobal(field.Name, structType, "zeroinitializer", ".maps", 8, debug: dbg), keep: true);
        // The runtime accessor's type arguments are the declaration's own (LpmTrieMap<TData, TValue>, RingBufferMap<TEvent>).
        var model = new MapModel(field.Name, type.Name,
            kind.IndexKey || type.TypeArguments.Length < 2 ? null : type.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            type.TypeArguments.Length == 0 ? null : type.TypeArguments[type.TypeArguments.Length - 1].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), maxEntries, pinned);
        _maps[field.Name] = model;
        return model;
    }

    private uint MaxEntries(IFieldSymbol field, Location loc)
    {
        foreach (var r in field.DeclaringSyntaxReferences)
        {
            if (r.GetSyntax(_ct) is not VariableDeclaratorSyntax { Initializer: { } init }) continue;
            if (DeclarationRules.MapSize(field, ModelFor(r.SyntaxTree).GetOperation(init.Value, _ct)) is { } size) return size;
        }
        throw new LoweringException("size", loc, BpfDiagnostics.MapSize, field.Name);
    }
}
