using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CodeFirstBpf.Generator.IR;
using Microsoft.CodeAnalysis;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// Debug metadata for BTF and BTF.ext: the compile unit, one DIFile per C# file (path relative to
/// the project, source text embedded so line info needs no file on disk), DI types for map keys
/// and values and the contexts, a DISubprogram per function (LLVM 15's BTF emitter crashes
/// without one) and DILocations carrying C# lines. Without debug info libbpf 1.1 rejects
/// <c>.maps</c>, so this is not optional.
/// </summary>
internal sealed partial class DebugInfo
{
    private readonly ModuleText _module;
    private readonly TypeLayout _layout;
    private readonly Action<DiagnosticDescriptor, Location?, object[]> _report;
    private readonly Dictionary<string, string> _files = new();
    private readonly Dictionary<ITypeSymbol, string> _types = new(SymbolEqualityComparer.Default);
    private readonly List<string> _globals = new();
    private string _firstFile = string.Empty;

    public DebugInfo(ModuleText module, TypeLayout layout, SyntaxTree mainTree, Action<DiagnosticDescriptor, Location?, object[]> report)
    {
        _module = module;
        _layout = layout;
        _report = report;
        CompileUnit = module.Metadata.Reserve();
        _firstFile = File(mainTree);
        module.CompileUnit = CompileUnit;
        module.AddModuleFlag("!{i32 7, !\"Dwarf Version\", i32 5}");
        module.AddModuleFlag("!{i32 2, !\"Debug Info Version\", i32 3}");
        module.AddModuleFlag("!{i32 1, !\"wchar_size\", i32 4}");
        module.AddModuleFlag("!{i32 7, !\"frame-pointer\", i32 2}");
    }

    private MetadataTable Md => _module.Metadata;

    public string CompileUnit { get; }

    /// <summary>Writes the compile unit once every global has been registered.</summary>
    public void Finish()
    {
        Md.Set(CompileUnit, "distinct !DICompileUnit(language: DW_LANG_C99, file: " + _firstFile
            + ", producer: \"CodeFirstBpf\", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: "
            + Md.Tuple(_globals) + ", splitDebugInlining: false, nameTableKind: None)");
    }

    /// <summary>The path as the IR keeps it; the output step makes it project-relative (Emitter.RelativisePaths).</summary>
    private static string RelativePath(SyntaxTree tree) => tree.FilePath.Replace('\\', '/');

    public string File(SyntaxTree tree)
    {
        string rel = RelativePath(tree);
        if (_files.TryGetValue(rel, out var f)) return f;
        f = Md.Add("!DIFile(filename: " + MetadataTable.Quote(rel) + ", directory: \"\", source: " + MetadataTable.Quote(tree.GetText().ToString()) + ")");
        _files[rel] = f;
        return f;
    }

    private string Int(string name, int bits, bool signed)
        => Md.Add("!DIBasicType(name: \"" + name + "\", size: " + bits + ", encoding: " + (signed ? "DW_ATE_signed" : "DW_ATE_unsigned") + ")");

    public string IntType => Int("int", 32, true);

    public string PointerTo(string? baseType)
        => Md.Add("!DIDerivedType(tag: DW_TAG_pointer_type, baseType: " + (baseType ?? "null") + ", size: 64)");

    private string ArrayOf(string elem, int elemBits, int count) => Md.Add(ArrayText(elem, elemBits, count));

    private string ArrayText(string elem, int elemBits, int count)
        => "!DICompositeType(tag: DW_TAG_array_type, baseType: " + elem + ", size: " + (elemBits * count).ToString(CultureInfo.InvariantCulture)
            + ", elements: " + Md.Tuple(new[] { Md.Add("!DISubrange(count: " + count.ToString(CultureInfo.InvariantCulture) + ")") }) + ")";

    /// <summary>The DI type of a C# type, with field names for structs (they reach BTF and bpftool).</summary>
    public string TypeOf(ITypeSymbol t)
    {
        if (_types.TryGetValue(t, out var cached)) return cached;
        string result;
        ITypeSymbol u = t is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } eu } ? eu : t;
        switch (u.SpecialType)
        {
            case SpecialType.System_Boolean: result = Md.Add("!DIBasicType(name: \"_Bool\", size: 8, encoding: DW_ATE_boolean)"); break;
            case SpecialType.System_Byte: result = Int("unsigned char", 8, false); break;
            case SpecialType.System_SByte: result = Int("signed char", 8, true); break;
            case SpecialType.System_Int16: result = Int("short", 16, true); break;
            case SpecialType.System_UInt16:
            case SpecialType.System_Char: result = Int("unsigned short", 16, false); break;
            case SpecialType.System_Int32: result = Int("int", 32, true); break;
            case SpecialType.System_UInt32: result = Int("unsigned int", 32, false); break;
            case SpecialType.System_Int64:
            case SpecialType.System_IntPtr: result = Int("long long", 64, true); break;
            case SpecialType.System_UInt64:
            case SpecialType.System_UIntPtr: result = Int("unsigned long long", 64, false); break;
            default:
                if (TypeLayout.IsContext(u)) result = PointerTo(ContextStruct(u));
                else if (u is IPointerTypeSymbol p) result = PointerTo(TypeLayout.IsStruct(p.PointedAtType) || _layout.Scalar(p.PointedAtType) is { IsInt: true } ? TypeOf(p.PointedAtType) : null);
                else if (u.TypeKind == TypeKind.FunctionPointer || BpfSymbols.IsMapType(u)) result = PointerTo(null); // a map as a value is the kernel's map pointer
                else result = StructType((INamedTypeSymbol)u);
                break;
        }
        _types[t] = result;
        return result;
    }

    private readonly Dictionary<string, string> _contexts = new();

    /// <summary>The kernel's context struct (<c>xdp_md</c>, <c>__sk_buff</c>) as the API declares it: named u32 fields at their offsets.</summary>
    private string ContextStruct(ITypeSymbol context)
    {
        if (_contexts.TryGetValue(context.Name, out var done)) return done;
        var (structName, size, _) = BpfFacts.Context(context) ?? ("ctx", 8, BpfFacts.All);
        string u32 = Int("unsigned int", 32, false);
        string self = Md.Reserve();
        var members = new List<string>();
        foreach (var (name, offset, count) in BpfFacts.ContextFields(context))
        {
            string type = count > 1 ? ArrayOf(u32, 32, count) : u32;
            members.Add(Md.Add("!DIDerivedType(tag: DW_TAG_member, name: \"" + name + "\", scope: " + self + ", file: " + _firstFile
                + ", baseType: " + type + ", size: " + (32 * count).ToString(CultureInfo.InvariantCulture) + ", offset: " + (offset * 8).ToString(CultureInfo.InvariantCulture) + ")"));
        }
        Md.Set(self, "distinct !DICompositeType(tag: DW_TAG_structure_type, name: \"" + structName + "\", file: " + _firstFile
            + ", size: " + (size * 8).ToString(CultureInfo.InvariantCulture) + ", elements: " + Md.Tuple(members) + ")");
        _contexts[context.Name] = self;
        return self;
    }

    /// <summary>DI for a libbpf BTF map definition: struct { int (*type)[T]; int (*max_entries)[N]; K *key; V *value; }.</summary>
    public string MapGlobal(string name, int line, string file, string mapStruct) => Global(name, line, file, mapStruct);

    /// <summary>
    /// A libbpf BTF map definition: <c>type</c>, <c>max_entries</c> and the other ints as
    /// <c>int (*)[N]</c>, <c>key</c>/<c>value</c> as <c>T *</c>, and for a map of maps a last member
    /// <c>values</c>, a zero-length array of pointers to <paramref name="innerStruct"/>. An inner map's
    /// definition (<paramref name="sizesOnly"/>) gives <c>key_size</c>/<c>value_size</c> instead of the types:
    /// LLVM describes a struct reached through <c>values</c> only as a forward declaration, whose size libbpf cannot tell.
    /// </summary>
    public string MapStruct(int line, string file, int mapType, uint maxEntries, ITypeSymbol? key, ITypeSymbol? value, IEnumerable<(string Name, int Value)> extraInts, string? innerStruct = null, bool sizesOnly = false)
    {
        string self = Md.Reserve();
        var members = new List<string>();
        int offset = 0;
        void Member(string n, string type, int bits = 64)
        {
            members.Add(Md.Add("!DIDerivedType(tag: DW_TAG_member, name: \"" + n + "\", scope: " + self + ", file: " + file
                + ", line: " + line.ToString(CultureInfo.InvariantCulture) + ", baseType: " + type + ", size: " + bits.ToString(CultureInfo.InvariantCulture) + ", offset: " + offset.ToString(CultureInfo.InvariantCulture) + ")"));
            offset += bits;
        }
        string IntArrayPtr(int n) => PointerTo(ArrayOf(IntType, 32, n));
        Member("type", IntArrayPtr(mapType));
        Member("max_entries", IntArrayPtr((int)maxEntries));
        if (key != null) Member(sizesOnly ? "key_size" : "key", sizesOnly ? IntArrayPtr(_layout.Of(key).Size) : PointerTo(TypeOf(key)));
        if (value != null) Member(sizesOnly ? "value_size" : "value", sizesOnly ? IntArrayPtr(_layout.Of(value).Size) : PointerTo(TypeOf(value)));
        foreach (var (n, v) in extraInts) Member(n, IntArrayPtr(v));
        if (innerStruct != null) Member("values", ArrayOf(PointerTo(innerStruct), 64, 0), bits: 0);
        Md.Set(self, "distinct !DICompositeType(tag: DW_TAG_structure_type, file: " + file + ", line: " + line.ToString(CultureInfo.InvariantCulture)
            + ", size: " + offset.ToString(CultureInfo.InvariantCulture) + ", elements: " + Md.Tuple(members) + ")");
        return self;
    }

    /// <summary>Registers a global variable with the compile unit; returns the <c>!dbg</c> attachment.</summary>
    public string Global(string name, int line, string file, string type)
    {
        string gv = Md.Add("distinct !DIGlobalVariable(name: " + MetadataTable.Quote(name) + ", scope: " + CompileUnit + ", file: " + file
            + ", line: " + line.ToString(CultureInfo.InvariantCulture) + ", type: " + type + ", isLocal: false, isDefinition: true)");
        string gve = Md.Add("!DIGlobalVariableExpression(var: " + gv + ", expr: !DIExpression())");
        _globals.Add(gve);
        return gve;
    }

    /// <summary><c>const volatile T</c>, as clang types a configurable <c>.rodata</c> variable.</summary>
    public string ConstVolatile(string type)
        => Md.Add("!DIDerivedType(tag: DW_TAG_const_type, baseType: " + Md.Add("!DIDerivedType(tag: DW_TAG_volatile_type, baseType: " + type + ")") + ")");

    public string CharArray(int length) => ArrayOf(Int("char", 8, true), 8, length);

    /// <summary>A DISubprogram; its parameters become named DILocalVariables (an unnamed one makes the kernel reject all BTF).</summary>
    public (string Subprogram, List<string> Params) Subprogram(string name, string file, int line, bool local, string returnType, IReadOnlyList<(string Name, string Type)> parameters)
    {
        string sp = Md.Reserve();
        var types = new List<string> { returnType };
        types.AddRange(parameters.Select(p => p.Type));
        string st = Md.Add("!DISubroutineType(types: " + Md.Tuple(types) + ")");
        var vars = new List<string>();
        for (int i = 0; i < parameters.Count; i++)
            vars.Add(Md.Add("!DILocalVariable(name: " + MetadataTable.Quote(parameters[i].Name) + ", arg: " + (i + 1).ToString(CultureInfo.InvariantCulture)
                + ", scope: " + sp + ", file: " + file + ", line: " + line.ToString(CultureInfo.InvariantCulture) + ", type: " + parameters[i].Type + ")"));
        Md.Set(sp, "distinct !DISubprogram(name: " + MetadataTable.Quote(name) + ", scope: " + file + ", file: " + file + ", line: " + line.ToString(CultureInfo.InvariantCulture)
            + ", type: " + st + ", scopeLine: " + line.ToString(CultureInfo.InvariantCulture) + ", flags: DIFlagPrototyped, spFlags: "
            + (local ? "DISPFlagLocalToUnit | " : "") + "DISPFlagDefinition | DISPFlagOptimized, unit: " + CompileUnit + ", retainedNodes: " + Md.Tuple(vars) + ")");
        return (sp, vars);
    }

    public string Location(int line, int column, string scope)
        => Md.Add("!DILocation(line: " + line.ToString(CultureInfo.InvariantCulture) + ", column: " + column.ToString(CultureInfo.InvariantCulture) + ", scope: " + scope + ")");

}
