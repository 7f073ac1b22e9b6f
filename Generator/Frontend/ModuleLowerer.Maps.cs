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
    /// <summary>The pairs of <c>MapFlags</c> the kernel refuses together, and why.</summary>
    private static readonly (string A, string B, string Why)[] s_exclusiveFlags =
    {
        ("ReadOnlyUser", "WriteOnlyUser", "userspace"), ("ReadOnlyProgram", "WriteOnlyProgram", "programs"), ("NoCommonLru", "NumaNode", "per-CPU LRU lists"),
    };

    /// <summary>The value of a <c>MapFlags</c> member (the Dataplane declares the kernel's numbers once).</summary>
    private uint Flag(string name)
        => Compilation.GetTypeByMetadataName("CodeFirstBpf.MapFlags")?.GetMembers(name).OfType<IFieldSymbol>().FirstOrDefault()?.ConstantValue is uint u ? u : 0;

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
        IOperation? init = Initializer(field);
        if (DeclarationRules.InnerTemplateRule(field, init) is { } badTemplate)
            throw new LoweringException("inner map", badTemplate.Location, badTemplate.Descriptor, badTemplate.Args);
        MapShape shape = Shape(field.Name, type, init, loc);
        bool pinned = field.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "CodeFirstBpf.PinnedAttribute");
        if (pinned) shape.Extra.Add(("pinning", 1));
        var lineSpan = loc.GetLineSpan();
        int line = lineSpan.StartLinePosition.Line + 1;
        string file = loc.SourceTree != null ? Debug.File(loc.SourceTree) : Debug.File(_class.DeclaringSyntaxReferences[0].SyntaxTree);
        InnerMapModel? innerModel = null;
        string? innerStruct = null;
        int members = shape.Members;
        string structType;
        if (DeclarationRules.InnerTemplate(init) is { Type: INamedTypeSymbol innerType } template)
        {
            // A map of maps: libbpf reads the inner map's definition from a last member `values`,
            // a zero-length array of pointers to it (C's __array(values, struct inner)), and sets value_size 4.
            MapShape inner = Shape(field.Name, innerType, template, template.Syntax.GetLocation());
            innerStruct = Debug.MapStruct(line, file, inner.Kind.Type, inner.MaxEntries, inner.Key, inner.Value, inner.Extra, sizesOnly: true);
            innerModel = new InnerMapModel(innerType.Name, RuntimeKey(innerType, inner.Kind), RuntimeValue(innerType), inner.Kind.Type,
                inner.Key == null ? 0 : Layout.Of(inner.Key, loc).Size, inner.Value == null ? 0 : Layout.Of(inner.Value, loc).Size, inner.MaxEntries, inner.Flags);
            structType = "{ " + string.Join(", ", Enumerable.Repeat("ptr", members)) + ", [0 x ptr] }";
        }
        else structType = "{ " + string.Join(", ", Enumerable.Repeat("ptr", members)) + " }";
        string dbg = Debug.MapGlobal(field.Name, line, file, Debug.MapStruct(line, file, shape.Kind.Type, shape.MaxEntries, shape.Key, shape.Value, shape.Extra, innerStruct));
        _text.AddGlobal(new IrGlobal(field.Name, structType, "zeroinitializer", ".maps", 8, debug: dbg), keep: true);
        // The runtime accessor's type arguments are the declaration's own (LpmTrieMap<TData, TValue>, RingBufferMap<TEvent>).
        var model = new MapModel(field.Name, type.Name, RuntimeKey(type, shape.Kind), innerModel == null ? RuntimeValue(type) : null, shape.MaxEntries, pinned) { Inner = innerModel };
        _maps[field.Name] = model;
        return model;
    }

    private static string Display(ITypeSymbol t) => t.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>The key type argument of the runtime accessor, or null for index maps and maps without one.</summary>
    private static string? RuntimeKey(INamedTypeSymbol type, (int Type, bool IndexKey) kind)
        => kind.IndexKey || type.TypeArguments.Length < 2 ? null : Display(type.TypeArguments[0]);

    /// <summary>The value type argument of the runtime accessor (the last type argument), or null.</summary>
    private static string? RuntimeValue(INamedTypeSymbol type)
        => type.TypeArguments.Length == 0 ? null : Display(type.TypeArguments[type.TypeArguments.Length - 1]);

    /// <summary>What a map's BTF definition says: its kind, size, key and value types (null where it has none), flags and other members.</summary>
    private sealed record MapShape((int Type, bool IndexKey) Kind, uint MaxEntries, ITypeSymbol? Key, ITypeSymbol? Value, uint Flags, List<(string Name, int Value)> Extra)
    {
        /// <summary>The pointer-sized members of the definition before any <c>values</c>.</summary>
        public int Members => (Key != null ? 1 : 0) + (Value != null ? 1 : 0) + 2 + Extra.Count;
    }

    /// <summary>The BTF map definition of a map of <paramref name="type"/> created by <paramref name="creation"/>.</summary>
    private MapShape Shape(string name, INamedTypeSymbol type, IOperation? creation, Location loc)
    {
        if (BpfFacts.MapKind(type) is not { } kind)
            throw new LoweringException("map", loc, BpfDiagnostics.Unsupported, "Map type '" + type.Name + "'", "it is not supported by this version of CodeFirstBpf");
        // A perf event array declared without a size gets max_entries 0, which libbpf turns into the number of possible CPUs.
        uint maxEntries = DeclarationRules.MapSize(type, creation) ?? throw new LoweringException("size", loc, BpfDiagnostics.MapSize, name);
        uint flags = MapFlags(name, type, creation, loc);
        ITypeSymbol u32 = Compilation.GetSpecialType(SpecialType.System_UInt32);
        ITypeSymbol? key = kind.IndexKey ? u32 : type.TypeArguments[0];
        // Program arrays and the redirect maps hold u32s (program fds, ifindexes, queue sizes, socket fds); so do a perf event array and a sockhash (SockHash<TKey> names only its key).
        ITypeSymbol? value = type.TypeArguments.Length == 0 || type.Name is "PerfEventArrayMap" or "SockHash" ? u32 : type.TypeArguments[type.TypeArguments.Length - 1];
        if (type.Name is "QueueMap" or "StackMap")
        {
            key = null; // keyless: key_size 0, no key member
        }
        else if (type.Name == "LpmTrieMap")
        {
            // The kernel wants struct { u32 prefixlen; u8 data[]; }: data right after the length.
            if (Layout.Of(key, loc).Align > 4) throw new LoweringException("lpm data", loc, BpfDiagnostics.MapTypeArgument, key.ToDisplayString() + " (LPM data must be 4-byte aligned at most: use uint or a struct of bytes)");
            key = Compilation.GetTypeByMetadataName("CodeFirstBpf.LpmKey`1")!.Construct(key);
            flags |= Flag("NoPrealloc");
        }
        else if (type.Name == "RingBufferMap")
        {
            if (maxEntries < 4096 || (maxEntries & (maxEntries - 1)) != 0)
                throw new LoweringException("ring size", loc, BpfDiagnostics.RingBufferSize, name, maxEntries);
            key = null;
            value = null;
        }
        else if (BpfSymbols.IsMapType(value))
        {
            value = null; // a map of maps: its values are the inner maps, described by the `values` member
        }
        var extra = new List<(string, int)>();
        if (flags != 0) extra.Add(("map_flags", unchecked((int)flags)));
        return new MapShape(kind, maxEntries, key, value, flags, extra);
    }

    /// <summary>The field's initializer (<c>new HashMap&lt;…&gt;(…)</c>) as an operation, or null.</summary>
    private IOperation? Initializer(IFieldSymbol field)
    {
        foreach (var r in field.DeclaringSyntaxReferences)
            if (r.GetSyntax(_ct) is VariableDeclaratorSyntax { Initializer: { } init })
                return ModelFor(r.SyntaxTree).GetOperation(init.Value, _ct);
        return null;
    }

    /// <summary>
    /// The constructor's <c>flags:</c> (0 when not given): a constant, each flag one the map kind takes
    /// (<c>[BpfMapKind(Flags = …)]</c>), and no pair the kernel refuses together; BPF2010 otherwise.
    /// </summary>
    private uint MapFlags(string name, INamedTypeSymbol type, IOperation? init, Location loc)
    {
        while (init is IConversionOperation c) init = c.Operand;
        if (init is not IObjectCreationOperation oc) return 0;
        IArgumentOperation? arg = oc.Arguments.FirstOrDefault(a => a.Parameter?.Type.Name == "MapFlags");
        if (arg == null || arg.ArgumentKind == ArgumentKind.DefaultValue) return 0;
        Location at = arg.Value.Syntax.GetLocation();
        if (arg.Value.ConstantValue is not { HasValue: true, Value: { } v } || v is string or bool)
            throw new LoweringException("map flags", at, BpfDiagnostics.MapFlags, name, "the flags are not a constant (they are fixed in the ELF object at build time)");
        uint flags = unchecked((uint)System.Convert.ToInt64(v, CultureInfo.InvariantCulture));
        uint refused = flags & ~BpfFacts.MapFlagsAllowed(type);
        if (refused != 0)
            throw new LoweringException("map flags", at, BpfDiagnostics.MapFlags, name, "a map of kind " + type.Name + " cannot be created with " + FlagNames(refused) + " (it takes " + FlagNames(BpfFacts.MapFlagsAllowed(type)) + ")");
        foreach (var (a, b, why) in s_exclusiveFlags)
            if ((flags & Flag(a)) != 0 && (flags & Flag(b)) != 0)
                throw new LoweringException("map flags", at, BpfDiagnostics.MapFlags, name, "the kernel refuses " + FlagNames(Flag(a) | Flag(b)) + " together (" + why + ")");
        return flags;
    }

    /// <summary>The <c>MapFlags</c> names of the set bits, joined with " | " (a bit with no name as hex).</summary>
    private string FlagNames(uint flags)
    {
        var names = new List<string>();
        var members = Compilation.GetTypeByMetadataName("CodeFirstBpf.MapFlags")?.GetMembers().OfType<IFieldSymbol>().ToList() ?? new List<IFieldSymbol>();
        for (int bit = 0; bit < 32; bit++)
        {
            uint f = 1u << bit;
            if ((flags & f) == 0) continue;
            names.Add(members.FirstOrDefault(m => m.ConstantValue is uint u && u == f) is { } named ? "MapFlags." + named.Name : "0x" + f.ToString("x", CultureInfo.InvariantCulture));
        }
        return names.Count == 0 ? "no flags" : string.Join(" | ", names);
    }
}
