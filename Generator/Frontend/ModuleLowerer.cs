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

/// <summary>A lowered function's calling convention, as callers need it.</summary>
internal sealed class FunctionInfo
{
    public FunctionInfo(string name, LType ret, int paramCount, bool hasSret, bool hasThis)
    {
        Name = name;
        Return = ret;
        ParamCount = paramCount;
        HasSret = hasSret;
        HasThis = hasThis;
    }

    public string Name { get; }
    public LType Return { get; }
    public int ParamCount { get; }
    public bool HasSret { get; }
    public bool HasThis { get; }
}

/// <summary>
/// Lowers one program class to one LLVM module: map definitions in <c>.maps</c>, one function per
/// <c>[Xdp]</c>/<c>[Tc]</c> method, every user method they reach (specialised per generic
/// instantiation), the licence, and the debug info BTF is made from. Reports every problem as a
/// <see cref="DiagnosticInfo"/>; never throws to the generator.
/// </summary>
internal sealed class ModuleLowerer
{
    private static readonly Dictionary<string, (int Type, bool IndexKey)> s_mapKinds = new()
    {
        ["HashMap"] = (1, false),
        ["ArrayMap"] = (2, true),
        ["PerCpuHashMap"] = (5, false),
        ["PerCpuArrayMap"] = (6, true),
        ["LruHashMap"] = (9, false),
        ["LruPerCpuHashMap"] = (10, false),
        ["LpmTrieMap"] = (11, false),
        ["RingBufferMap"] = (27, false),
        ["ProgramArrayMap"] = (3, true),
        ["PerfEventArrayMap"] = (4, true),
        ["DevMap"] = (14, true),
        ["CpuMap"] = (16, true),
        ["XskMap"] = (17, true),
        ["QueueMap"] = (22, false),
        ["StackMap"] = (23, false),
    };

    private const int NoPrealloc = 1;

    private readonly INamedTypeSymbol _class;
    private readonly CancellationToken _ct;
    private readonly ModuleText _text;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly Dictionary<string, MapModel> _maps = new();
    private readonly Dictionary<string, GlobalModel> _globals = new();
    private readonly Dictionary<string, string> _loopCallbacks = new();
    private readonly Dictionary<string, (FunctionInfo Info, IMethodSymbol Method)> _functions = new();
    private readonly HashSet<string> _usedNames = new();
    private readonly Queue<(IMethodSymbol Method, FunctionInfo Info)> _pending = new();
    private readonly Dictionary<string, HashSet<string>> _calls = new();
    private readonly Dictionary<string, Location> _callSites = new();
    private readonly Dictionary<string, string> _strings = new();
    private readonly List<CpuRequirement> _cpuRequirements = new();
    private readonly List<FunctionSite> _functionSites = new();

    private static DiagnosticInfo Info(DiagnosticDescriptor d, Location where, string[] args)
    {
        var span = where.GetLineSpan();
        return new DiagnosticInfo(d.Id, where.IsInSource ? where.SourceTree!.FilePath : string.Empty, where.SourceSpan, span.Span,
            new EquatableArray<string>(args.ToImmutableArray()));
    }

    /// <summary>Records code that needs BpfCpu <paramref name="minCpu"/>; the output step reports it when the build targets less.</summary>
    public void RequireCpu(string minCpu, Location where, string what, string alternative)
    {
        var span = where.GetLineSpan();
        var info = new DiagnosticInfo(BpfDiagnostics.NeedsNewerCpu.Id, where.IsInSource ? where.SourceTree!.FilePath : string.Empty, where.SourceSpan, span.Span,
            new EquatableArray<string>(ImmutableArray.Create(what, alternative)));
        var r = new CpuRequirement(minCpu, info);
        if (!_cpuRequirements.Contains(r)) _cpuRequirements.Add(r);
    }

    /// <summary>
    /// Spells a method's full identity: containing type, type arguments and parameter types, so
    /// overloads and same-named helpers of different classes are different functions.
    /// </summary>
    private static readonly SymbolDisplayFormat s_identity = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Included,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeParameters,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeParamsRefOut,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private readonly Dictionary<SyntaxTree, SemanticModel> _models = new();

    /// <summary>One semantic model per tree: a model caches what it binds, a fresh one binds again.</summary>
    public SemanticModel ModelFor(SyntaxTree tree)
    {
        if (!_models.TryGetValue(tree, out var model)) _models[tree] = model = Compilation.GetSemanticModel(tree);
        return model;
    }

    public ModuleLowerer(SemanticModel model, INamedTypeSymbol cls, CancellationToken ct)
        : this(model.Compilation, cls, ct) => _models[model.SyntaxTree] = model;

    public ModuleLowerer(Compilation compilation, INamedTypeSymbol cls, CancellationToken ct)
    {
        Compilation = compilation;
        _class = cls;
        _ct = ct;
        _text = new ModuleText(cls.Name);
        Layout = new TypeLayout();
        SyntaxTree tree = cls.DeclaringSyntaxReferences[0].SyntaxTree;
        Debug = new DebugInfo(_text, Layout, string.Empty, tree);
    }

    public Compilation Compilation { get; }

    private int _passthroughs;

    /// <summary>A fresh sequence number for <c>llvm.bpf.passthrough</c> (equal numbers may be merged).</summary>
    public int NextPassthrough() => ++_passthroughs;

    /// <summary>Declares an LLVM intrinsic the lowering calls.</summary>
    public void Declare(string declaration) => _text.Declare(declaration);
    public TypeLayout Layout { get; }
    public DebugInfo Debug { get; }

    public static bool IsMapType(ITypeSymbol? t) => BpfSymbols.IsMapType(t);
    public static bool HasSource(IMethodSymbol m) => BpfSymbols.HasSource(m);
    public static ProgramKind KindOf(IMethodSymbol m) => BpfSymbols.KindOf(m);

    public ProgramClassModel Lower()
    {
        var programs = new List<ProgramModel>();
        try
        {
            CheckClass();
            ReserveUserNames();
            foreach (var cctor in _class.StaticConstructors)
                if (!cctor.IsImplicitlyDeclared) Report(BpfDiagnostics.StaticConstructor, cctor.Locations.FirstOrDefault(), _class.Name);
            foreach (var f in _class.GetMembers().OfType<IFieldSymbol>())
            {
                if (!IsMapType(f.Type)) continue;
                try
                {
                    MapFor(f, f.Locations.FirstOrDefault());
                }
                catch (LoweringException e)
                {
                    Report(e, f.Locations.FirstOrDefault());
                }
            }
            foreach (var f in _class.GetMembers().OfType<IFieldSymbol>())
            {
                if (!f.IsStatic || f.IsConst || IsMapType(f.Type) || f.IsImplicitlyDeclared || (f.IsReadOnly && !IsConfig(f))) continue;
                try
                {
                    GlobalFor(f, f.Locations.FirstOrDefault());
                }
                catch (LoweringException e)
                {
                    Report(e, f.Locations.FirstOrDefault());
                }
            }
            var programNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in _class.GetMembers().OfType<IMethodSymbol>())
            {
                _ct.ThrowIfCancellationRequested();
                ProgramKind kind = KindOf(m);
                if (kind == ProgramKind.None) continue;
                if (!programNames.Add(m.Name))
                {
                    Report(BpfDiagnostics.DuplicateProgram, m.Locations.FirstOrDefault(), m.Name, _class.Name);
                    continue;
                }
                programs.Add(new ProgramModel(m.Name, kind.ToString()));
                LowerProgram(m, kind);
            }
            while (_pending.Count > 0)
            {
                _ct.ThrowIfCancellationRequested();
                var (method, info) = _pending.Dequeue();
                LowerHelper(method, info);
            }
            CheckRecursion();
            AddLicense();
            Debug.Finish();
        }
        catch (LoweringException e)
        {
            Report(e);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            // The first frames say where the lowering broke, which is what a bug report needs.
            string where = string.Join(" < ", (e.StackTrace ?? string.Empty).Split('\n').Take(3).Select(l => l.Trim()));
            Report(BpfDiagnostics.InternalError, _class.Locations.FirstOrDefault(), e.GetType().Name + ": " + e.Message + " " + where);
        }
        return new ProgramClassModel(
            _class.ContainingNamespace.IsGlobalNamespace ? null : _class.ContainingNamespace.ToDisplayString(),
            _class.Name,
            SyntaxFacts.GetText(_class.DeclaredAccessibility),
            _diagnostics.Count == 0 ? _text.Print() : string.Empty,
            new EquatableArray<ProgramModel>(programs.ToImmutableArray()),
            new EquatableArray<MapModel>(_maps.Values.ToImmutableArray()),
            new EquatableArray<DiagnosticInfo>(_diagnostics.ToImmutableArray()))
        {
            Globals = new EquatableArray<GlobalModel>(_globals.Values.ToImmutableArray()),
            CpuRequirements = new EquatableArray<CpuRequirement>(_cpuRequirements.ToImmutableArray()),
            Functions = new EquatableArray<FunctionSite>(_functionSites.ToImmutableArray()),
            CanExtend = CanExtend(_class),
        };
    }

    /// <summary>
    /// Maps, globals and programs keep their C# names in the ELF (libbpf and userspace find them by
    /// name); every name the compiler makes up (helpers, format strings, the licence) avoids them.
    /// </summary>
    private void ReserveUserNames()
    {
        foreach (var member in _class.GetMembers())
            if (member is IFieldSymbol { IsStatic: true, IsImplicitlyDeclared: false } || (member is IMethodSymbol ms && KindOf(ms) != ProgramKind.None))
                _usedNames.Add(member.Name);
    }

    /// <summary>Whether generated members can join the class: static partial at namespace level.</summary>
    public static bool CanExtend(INamedTypeSymbol cls)
        => cls.IsStatic && cls.ContainingType == null
           && cls.DeclaringSyntaxReferences.All(r => r.GetSyntax() is ClassDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.PartialKeyword));

    private void CheckClass()
    {
        bool isPartial = _class.DeclaringSyntaxReferences.All(r => r.GetSyntax(_ct) is ClassDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.PartialKeyword));
        if (!_class.IsStatic || !isPartial || _class.ContainingType != null)
            throw new LoweringException("class", _class.Locations.FirstOrDefault(), BpfDiagnostics.ProgramClass, _class.Name);
    }

    /// <summary>Rules the analyzers check the same way; in a build that runs them the generator stays quiet about these.</summary>
    private static readonly HashSet<string> s_declarationRules = new()
    {
        BpfDiagnostics.ProgramSignature.Id, BpfDiagnostics.ProgramClass.Id, BpfDiagnostics.MapField.Id,
        BpfDiagnostics.MapSize.Id, BpfDiagnostics.MapTypeArgument.Id, BpfDiagnostics.Recursion.Id,
    };

    public void Report(DiagnosticDescriptor d, Location? loc, params object[] args) => Report(d, loc, s_declarationRules.Contains(d.Id), args);

    private void Report(DiagnosticDescriptor d, Location? loc, bool shared, object[] args)
    {
        loc ??= Location.None;
        var span = loc.GetLineSpan();
        var info = new DiagnosticInfo(d.Id, loc.IsInSource ? loc.SourceTree!.FilePath : string.Empty, loc.SourceSpan, span.Span,
            new EquatableArray<string>(args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? string.Empty).ToImmutableArray()), shared);
        if (!_diagnostics.Contains(info)) _diagnostics.Add(info);
    }

    private void Report(LoweringException e, Location? fallback = null)
        => Report(e.Descriptor ?? BpfDiagnostics.InternalError, e.Location ?? fallback ?? _class.Locations.FirstOrDefault(),
            e.Descriptor != null ? e.Args : new object[] { e.Message });

    /// <summary>The map declared by a static field, defining its <c>.maps</c> global on first use.</summary>
    public MapModel MapFor(IFieldSymbol field, Location? where)
    {
        if (_maps.TryGetValue(field.Name, out var existing)) return existing;
        Location loc = field.Locations.FirstOrDefault() ?? where ?? Location.None;
        if (!SymbolEqualityComparer.Default.Equals(field.ContainingType, _class))
            throw new LoweringException("map", where, BpfDiagnostics.Unsupported, "Map '" + field.Name + "' of another class", "a program can only use the maps of its own class");
        if (!field.IsStatic || !field.IsReadOnly)
            throw new LoweringException("map", loc, BpfDiagnostics.MapField, field.Name);
        var type = (INamedTypeSymbol)field.Type;
        if (!s_mapKinds.TryGetValue(type.Name, out var kind))
            throw new LoweringException("map", loc, BpfDiagnostics.Unsupported, "Map type '" + type.Name + "'", "it is not supported by this version of CodeFirstBpf");
        foreach (var ta in type.TypeArguments)
            if (!ta.IsUnmanagedType || ta.TypeKind == TypeKind.Pointer || Layout.Scalar(ta) == LType.Ptr || ta is INamedTypeSymbol { IsTupleType: true })
                throw new LoweringException("map", loc, BpfDiagnostics.MapTypeArgument, ta.ToDisplayString());
        // A perf event array declared without a size gets max_entries 0, which libbpf turns into the number of possible CPUs.
        uint maxEntries = MaxEntries(field, loc, optional: type.Name == "PerfEventArrayMap");
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
        _text.AddGlobal("@" + field.Name + " = dso_local global " + structType + " zeroinitializer, section \".maps\", align 8, !dbg " + dbg, keep: true);
        // The runtime accessor's type arguments are the declaration's own (LpmTrieMap<TData, TValue>, RingBufferMap<TEvent>).
        var model = new MapModel(field.Name, type.Name,
            kind.IndexKey || type.TypeArguments.Length < 2 ? null : type.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            type.TypeArguments.Length == 0 ? null : type.TypeArguments[type.TypeArguments.Length - 1].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), maxEntries, pinned);
        _maps[field.Name] = model;
        return model;
    }

    private uint MaxEntries(IFieldSymbol field, Location loc, bool optional = false)
    {
        foreach (var r in field.DeclaringSyntaxReferences)
        {
            if (r.GetSyntax(_ct) is not VariableDeclaratorSyntax { Initializer: { } init }) continue;
            var model = ModelFor(r.SyntaxTree);
            IOperation? created = model.GetOperation(init.Value, _ct);
            while (created is IConversionOperation conv) created = conv.Operand;
            if (optional && created is IObjectCreationOperation { Arguments.Length: 0 }) return 0;
            if (created is IObjectCreationOperation oc && oc.Arguments.Length > 0)
            {
                var v = oc.Arguments[0].Value.ConstantValue;
                if (v.HasValue && v.Value != null)
                {
                    long n = Convert.ToInt64(v.Value, CultureInfo.InvariantCulture);
                    if (n > 0 && n <= uint.MaxValue) return (uint)n;
                }
            }
        }
        throw new LoweringException("size", loc, BpfDiagnostics.MapSize, field.Name);
    }

    public static bool IsConfig(IFieldSymbol f)
        => f.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "CodeFirstBpf.ConfigAttribute");

    /// <summary>
    /// The global variable behind a static field of the program class, defined on first use:
    /// <c>[Config] static readonly</c> → <c>.rodata</c> (set by userspace before load, read with
    /// volatile loads so LLVM does not fold the initial value in), mutable with a non-zero
    /// initializer → <c>.data</c>, otherwise <c>.bss</c>. libbpf turns each section into a map that
    /// userspace reads and writes by variable name through BTF.
    /// </summary>
    public GlobalModel GlobalFor(IFieldSymbol field, Location? where)
    {
        if (_globals.TryGetValue(field.Name, out var existing)) return existing;
        Location loc = field.Locations.FirstOrDefault() ?? where ?? Location.None;
        if (!SymbolEqualityComparer.Default.Equals(field.ContainingType, _class))
            throw new LoweringException("global", where, BpfDiagnostics.Unsupported, "Static field '" + field.ContainingType.Name + "." + field.Name + "' of another class",
                "a program's global variables are the static fields of its own class");
        bool config = IsConfig(field);
        if (config && !field.IsReadOnly)
            throw new LoweringException("config", loc, BpfDiagnostics.Unsupported, "[Config] on a field that is not readonly", "declare it 'static readonly'");
        ITypeSymbol t = field.Type;
        Layout l = Layout.Of(t, loc);
        LType? scalar = Layout.Scalar(t);
        object? init = InitialConstant(field);
        if (scalar == null && init != null)
            throw new LoweringException("global init", loc, BpfDiagnostics.Unsupported, "A struct global with an initializer", "leave it default; userspace or the program sets its fields");
        long value = init == null ? 0 : Convert.ToInt64(init is ulong u ? unchecked((long)u) : init is bool b ? (b ? 1 : 0) : init is char c ? (long)c : init, CultureInfo.InvariantCulture);
        string section = config ? ".rodata" : value != 0 ? ".data" : ".bss";
        LType stored = scalar == null ? LType.Bytes(l.Size) : scalar == LType.I1 ? LType.I8 : scalar;
        string initText = value == 0 ? "zeroinitializer" : LValue.Const(stored, value).Text;
        if (stored.IsPtr) initText = "null";
        var line = loc.GetLineSpan().StartLinePosition.Line + 1;
        string file = loc.SourceTree != null ? Debug.File(loc.SourceTree) : Debug.File(_class.DeclaringSyntaxReferences[0].SyntaxTree);
        string dbg = Debug.Global(field.Name, line, file, config ? Debug.ConstVolatile(Debug.TypeOf(t)) : Debug.TypeOf(t));
        _text.AddGlobal("@" + field.Name + " = dso_local global " + stored + " " + initText + ", section \"" + section + "\", align " + l.Align.ToString(CultureInfo.InvariantCulture) + ", !dbg " + dbg, keep: true);
        var model = new GlobalModel(field.Name, t.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), section, config);
        _globals[field.Name] = model;
        return model;
    }

    private object? InitialConstant(IFieldSymbol f)
    {
        foreach (var r in f.DeclaringSyntaxReferences)
        {
            if (r.GetSyntax(_ct) is not VariableDeclaratorSyntax { Initializer: { } init }) continue;
            var c = ModelFor(r.SyntaxTree).GetConstantValue(init.Value, _ct);
            if (c.HasValue) return c.Value ?? 0;
            var op = ModelFor(r.SyntaxTree).GetOperation(init.Value, _ct);
            if (op?.ConstantValue.HasValue == true) return op.ConstantValue.Value ?? 0;
            if (op is IDefaultValueOperation or IObjectCreationOperation { Arguments.Length: 0, Initializer: null }) return null;
            throw new LoweringException("global init", init.GetLocation(), BpfDiagnostics.Unsupported, "A global's initializer that is not a constant", "use a constant, or set it from userspace");
        }
        return null;
    }

    /// <summary>The constant behind a <c>const</c> or a <c>static readonly</c> integer field (see <see cref="ConstantFolder"/>).</summary>
    public object? StaticReadonlyConstant(IFieldSymbol f, Location? use = null)
    {
        if (IsConfig(f)) return null;
        if (f.HasConstantValue) return f.ConstantValue;
        if (!f.IsReadOnly || Layout.Scalar(f.Type) is not { } s || s.IsPtr) return null;
        return new ConstantFolder(ModelFor).FieldValue(f, use);
    }

    /// <summary>A NUL-terminated constant in <c>.rodata</c> (Printk formats must live in read-only memory).</summary>
    public string StringConstant(string s)
    {
        if (_strings.TryGetValue(s, out var name)) return name;
        name = "@" + UniqueName("__fmt_" + _strings.Count.ToString(CultureInfo.InvariantCulture));
        byte[] bytes = Encoding.UTF8.GetBytes(s);
        var sb = new StringBuilder();
        foreach (byte b in bytes)
        {
            if (b >= 0x20 && b < 0x7F && b != (byte)'"' && b != (byte)'\\') sb.Append((char)b);
            else sb.Append('\\').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        _text.AddGlobal(name + " = internal constant [" + (bytes.Length + 1).ToString(CultureInfo.InvariantCulture) + " x i8] c\"" + sb + "\\00\", section \".rodata\", align 1", keep: false);
        _strings[s] = name;
        return name;
    }

    private void AddLicense()
    {
        string license = "GPL";
        foreach (var a in _class.GetAttributes())
            if (a.AttributeClass?.ToDisplayString() == "CodeFirstBpf.BpfLicenseAttribute" && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is string s)
                license = s;
        int len = Encoding.UTF8.GetByteCount(license) + 1;
        string file = Debug.File(_class.DeclaringSyntaxReferences[0].SyntaxTree);
        int line = _class.Locations[0].GetLineSpan().StartLinePosition.Line + 1;
        // libbpf finds the licence by its section; the symbol only has to differ from the user's names.
        string symbol = UniqueName("LICENSE");
        string dbg = Debug.Global(symbol, line, file, Debug.CharArray(len));
        _text.AddGlobal("@" + symbol + " = dso_local global [" + len.ToString(CultureInfo.InvariantCulture) + " x i8] c\"" + license.Replace("\"", "\\22") + "\\00\", section \"license\", align 1, !dbg " + dbg, keep: true);
    }

    public ITypeSymbol Substitute(ITypeSymbol t, Dictionary<ITypeParameterSymbol, ITypeSymbol> subst)
    {
        if (subst.Count == 0) return t;
        switch (t)
        {
            case ITypeParameterSymbol tp:
                return subst.TryGetValue(tp, out var r) ? r : t;
            case IPointerTypeSymbol p:
                return Compilation.CreatePointerTypeSymbol(Substitute(p.PointedAtType, subst));
            case INamedTypeSymbol { IsGenericType: true } n:
                return n.ConstructedFrom.Construct(n.TypeArguments.Select(a => Substitute(a, subst)).ToArray());
        }
        return t;
    }

    /// <summary>The method with its type arguments resolved in the caller's substitution.</summary>
    public IMethodSymbol Specialise(IMethodSymbol m, Dictionary<ITypeParameterSymbol, ITypeSymbol> subst)
    {
        if (!m.IsGenericMethod || subst.Count == 0) return m;
        return m.ConstructedFrom.Construct(m.TypeArguments.Select(a => Substitute(a, subst)).ToArray());
    }

    private static Dictionary<ITypeParameterSymbol, ITypeSymbol> SubstitutionOf(IMethodSymbol m)
    {
        var d = new Dictionary<ITypeParameterSymbol, ITypeSymbol>(SymbolEqualityComparer.Default);
        if (m.IsGenericMethod)
            for (int i = 0; i < m.TypeParameters.Length; i++) d[m.OriginalDefinition.TypeParameters[i]] = m.TypeArguments[i];
        var ct = m.ContainingType;
        if (ct.IsGenericType)
            for (int i = 0; i < ct.TypeParameters.Length; i++) d[ct.OriginalDefinition.TypeParameters[i]] = ct.TypeArguments[i];
        return d;
    }

    private string UniqueName(string hint)
    {
        var sb = new StringBuilder();
        foreach (char c in hint) sb.Append(char.IsLetterOrDigit(c) && c < 128 ? c : '_');
        string name = sb.ToString();
        string candidate = name;
        for (int i = 1; !_usedNames.Add(candidate); i++) candidate = name + "_" + i.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }

    /// <summary>The function for a user method, queued for lowering on first request.</summary>
    public FunctionInfo RequestFunction(IMethodSymbol method, IMethodSymbol caller, Location site)
    {
        string key = method.ToDisplayString(s_identity) + "|" + method.MethodKind;
        string callerKey = caller.ToDisplayString(s_identity) + "|" + caller.MethodKind;
        if (!_calls.TryGetValue(callerKey, out var set)) _calls[callerKey] = set = new HashSet<string>();
        if (set.Add(key)) _callSites[callerKey + "->" + key] = site;
        if (_functions.TryGetValue(key, out var f)) return f.Info;
        // Generic helpers are specialised per type argument; a helper that calls itself with ever
        // larger type arguments (F<T> calling F<Box<T>>) would never stop specialising.
        if (method.TypeArguments.Concat(method.ContainingType.TypeArguments).Any(a => NestingDepth(a) > 8) || _functions.Count > 2000)
            throw new LoweringException("polymorphic recursion", site, BpfDiagnostics.Recursion, method.OriginalDefinition.ToDisplayString());
        if (KindOf(method) != ProgramKind.None)
            throw new LoweringException("call program", site, BpfDiagnostics.Unsupported, "Calling a program method", "programs are entry points; move shared code into a helper method");
        ITypeSymbol ret = method.MethodKind == MethodKind.Constructor ? Compilation.GetSpecialType(SpecialType.System_Void) : method.ReturnType;
        bool sret = TypeLayout.IsStruct(ret);
        bool hasThis = !method.IsStatic;
        LType retType = ret.SpecialType == SpecialType.System_Void || sret ? LType.Void : (Layout.Scalar(ret) ?? throw TypeLayout.Unsupported(ret, site));
        if (method.ReturnsByRef || method.ReturnsByRefReadonly) throw new LoweringException("ref return", site, BpfDiagnostics.Unsupported, "A ref return", "return a pointer instead");
        string typeArgs = method.IsGenericMethod ? "_" + string.Join("_", method.TypeArguments.Select(a => a.Name)) : string.Empty;
        string name = UniqueName(method.ContainingType.Name + "__" + (method.MethodKind == MethodKind.Constructor ? "ctor" : method.Name) + typeArgs);
        var info = new FunctionInfo(name, retType, (sret ? 1 : 0) + (hasThis ? 1 : 0) + method.Parameters.Length, sret, hasThis);
        _functions[key] = (info, method);
        _pending.Enqueue((method, info));
        return info;
    }

    private static int NestingDepth(ITypeSymbol t) => t switch
    {
        INamedTypeSymbol { IsGenericType: true } n => 1 + n.TypeArguments.Select(NestingDepth).DefaultIfEmpty(0).Max(),
        IPointerTypeSymbol p => 1 + NestingDepth(p.PointedAtType),
        _ => 0,
    };

    /// <summary>
    /// A <c>bpf_loop</c> callback for a C# body <c>long Body(uint index, ref TState state)</c>: a
    /// static BPF function taking (u64 index, void* ctx) that calls the body and returns 1 to stop
    /// or 0 to go on — the verifier accepts only 0 or 1 from a loop callback.
    /// </summary>
    public string LoopCallback(IMethodSymbol body, IMethodSymbol caller, Location site)
    {
        string key = "loop|" + body.ToDisplayString(s_identity);
        if (_loopCallbacks.TryGetValue(key, out var existing)) return existing;
        if (body.Parameters.Length != 2 || body.Parameters[0].Type.SpecialType != SpecialType.System_UInt32
            || body.Parameters[1].RefKind != RefKind.Ref || body.ReturnType.SpecialType != SpecialType.System_Int64)
            throw new LoweringException("loop body", site, BpfDiagnostics.Unsupported, "'" + body.Name + "' as a Bpf.Loop body", "it must be 'static long " + body.Name + "(uint index, ref TState state)'");
        FunctionInfo target = RequestFunction(body, caller, site);
        string name = UniqueName(target.Name + "__loop");
        _loopCallbacks[key] = name;
        var fb = new FunctionBuilder(name, LType.I64, new[] { (LType.I64, "a.index", "noundef"), (LType.Ptr, "a.ctx", "noundef") });
        string file = Debug.File(site.SourceTree ?? _class.DeclaringSyntaxReferences[0].SyntaxTree);
        int line = site.GetLineSpan().StartLinePosition.Line + 1;
        var (sp, vars) = Debug.Subprogram(name, file, line, local: true, Debug.TypeOf(Compilation.GetSpecialType(SpecialType.System_Int64)),
            new[] { ("index", Debug.TypeOf(Compilation.GetSpecialType(SpecialType.System_UInt64))), ("ctx", Debug.PointerTo(null)) });
        fb.DebugLocation = Debug.Location(line, 1, sp);
        for (int i = 0; i < vars.Count; i++)
            fb.Raw("call void @llvm.dbg.value(metadata " + fb.Parameters[i].Type + " %" + fb.Parameters[i].Name + ", metadata " + vars[i] + ", metadata !DIExpression())");
        LValue index = fb.Cast("trunc", fb.Param(0), LType.I32);
        LValue result = fb.Call(LType.I64, "@" + target.Name, new[] { index, fb.Param(1) });
        LValue stop = fb.ICmp("ne", result, LValue.Const(LType.I64, 0));
        fb.Ret(fb.Cast("zext", stop, LType.I64));
        _text.AddFunction("internal i64 @" + name + "(i64 noundef %a.index, ptr noundef %a.ctx) #2 !dbg " + sp, fb, keep: false);
        return name;
    }

    private static bool IsNoInlining(IMethodSymbol m)
    {
        foreach (var a in m.OriginalDefinition.GetAttributes())
            if (a.AttributeClass?.Name == "MethodImplAttribute" && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is { } v
                && (Convert.ToInt32(v, CultureInfo.InvariantCulture) & 8) != 0)
                return true;
        return false;
    }

    private IOperation? BodyOf(IMethodSymbol m)
    {
        var def = (m.PartialImplementationPart ?? m).OriginalDefinition;
        foreach (var r in def.DeclaringSyntaxReferences)
        {
            var node = r.GetSyntax(_ct);
            var op = ModelFor(r.SyntaxTree).GetOperation(node, _ct);
            switch (op)
            {
                case IConstructorBodyOperation cb:
                    return cb;
                case IMethodBodyBaseOperation mb:
                    return (IOperation?)mb.BlockBody ?? mb.ExpressionBody;
                case IBlockOperation b:
                    return b;
            }
        }
        return null;
    }

    private void LowerProgram(IMethodSymbol m, ProgramKind kind)
    {
        Location loc = m.Locations.FirstOrDefault() ?? Location.None;
        string ctxType = kind == ProgramKind.Xdp ? "XdpContext" : "TcContext";
        string retType = kind == ProgramKind.Xdp ? "XdpAction" : "TcAction";
        if (!m.IsStatic || m.Parameters.Length != 1 || m.Parameters[0].Type.Name != ctxType || m.Parameters[0].RefKind != RefKind.None
            || m.ReturnType.Name != retType || m.IsGenericMethod)
        {
            Report(BpfDiagnostics.ProgramSignature, loc, m.Name, retType, ctxType);
            return;
        }
        string pname = "a." + m.Parameters[0].Name;
        var fb = new FunctionBuilder(m.Name, LType.I32, new[] { (LType.Ptr, pname, "noundef") });
        string section = kind == ProgramKind.Xdp ? "xdp" : "tc";
        LowerBody(m, fb, kind, global: true, "dso_local i32 @" + m.Name + "(ptr noundef %" + pname + ") #0 section \"" + section + "\"", keep: true,
            new Dictionary<ITypeParameterSymbol, ITypeSymbol>(SymbolEqualityComparer.Default), hasSret: false, hasThis: false);
    }

    private void LowerHelper(IMethodSymbol m, FunctionInfo info)
    {
        var subst = SubstitutionOf(m);
        var ps = new List<(LType, string, string)>();
        if (info.HasSret) ps.Add((LType.Ptr, "a.ret", "noalias noundef"));
        if (info.HasThis) ps.Add((LType.Ptr, "a.this", "noundef"));
        foreach (var p in m.Parameters)
        {
            ITypeSymbol t = Substitute(p.Type, subst);
            bool byPtr = p.RefKind != RefKind.None || TypeLayout.IsStruct(t);
            ps.Add((byPtr ? LType.Ptr : (Layout.Scalar(t) ?? throw TypeLayout.Unsupported(t, p.Locations.FirstOrDefault())), "a." + p.Name, "noundef"));
        }
        var fb = new FunctionBuilder(info.Name, info.Return, ps);
        string attrs = IsNoInlining(m) ? "#2" : "#1";
        string header = "internal " + info.Return + " @" + info.Name + "(" + string.Join(", ", ps.Select(p => p.Item1 + " " + p.Item3 + " %" + p.Item2)) + ") " + attrs;
        LowerBody(m, fb, ProgramKind.None, global: false, header, keep: false, subst, info.HasSret, info.HasThis);
    }

    private void LowerBody(IMethodSymbol m, FunctionBuilder fb, ProgramKind kind, bool global, string header, bool keep,
        Dictionary<ITypeParameterSymbol, ITypeSymbol> subst, bool hasSret, bool hasThis)
    {
        Location loc = m.Locations.FirstOrDefault() ?? Location.None;
        _functionSites.Add(new FunctionSite(fb.Name, m.Name, Info(BpfDiagnostics.StackTooLarge, loc, Array.Empty<string>())));
        try
        {
            IOperation? body = BodyOf(m);
            bool primary = body == null && m.MethodKind == MethodKind.Constructor && m.DeclaringSyntaxReferences.Any(r => r.GetSyntax(_ct) is TypeDeclarationSyntax);
            if (body == null && !primary) throw new LoweringException("no body", loc, BpfDiagnostics.NoSource, m.ToDisplayString());
            if (m.IsAsync) throw new LoweringException("async", loc, BpfDiagnostics.Async);
            var violations = body != null ? SubsetRules.Check(body) : new List<SubsetViolation>();
            if (violations.Count > 0)
            {
                foreach (var v in violations) Report(v.Descriptor, v.Location, shared: true, v.Args);
                return;
            }
            SyntaxTree tree = body?.Syntax.SyntaxTree ?? loc.SourceTree!;
            string file = Debug.File(tree);
            int line = body == null ? loc.GetLineSpan().StartLinePosition.Line + 1
                : body is IConstructorBodyOperation ? body.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1
                : body.Syntax.Parent?.GetLocation().GetLineSpan().StartLinePosition.Line + 1 ?? 1;
            // DI parameter list mirrors the LLVM parameters, every one named.
            var diParams = new List<(string, string)>();
            for (int i = 0; i < fb.Parameters.Count; i++)
            {
                string pn = fb.Parameters[i].Name.Substring(2);
                ITypeSymbol? st = null;
                int userIndex = i - (hasSret ? 1 : 0) - (hasThis ? 1 : 0);
                if (userIndex >= 0) st = Substitute(m.Parameters[userIndex].Type, subst);
                string dt = fb.Parameters[i].Type.IsPtr
                    ? (st != null && TypeLayout.IsContext(st) ? Debug.TypeOf(st) : Debug.PointerTo(st != null && m.Parameters[userIndex].RefKind == RefKind.None && !TypeLayout.IsStruct(st) ? null : st != null ? Debug.TypeOf(st) : null))
                    : Debug.TypeOf(st!);
                diParams.Add((pn, dt));
            }
            string retDi = fb.ReturnType.IsVoid ? "null" : kind != ProgramKind.None ? Debug.IntType : Debug.TypeOf(Substitute(m.ReturnType, subst));
            var (sp, vars) = Debug.Subprogram(fb.Name, file, line, !global, retDi, diParams);
            fb.DebugLocation = Debug.Location(line, 1, sp);
            for (int i = 0; i < vars.Count; i++)
                fb.Raw("call void @llvm.dbg.value(metadata " + fb.Parameters[i].Type + " %" + fb.Parameters[i].Name + ", metadata " + vars[i] + ", metadata !DIExpression())");
            var lowerer = new MethodLowerer(this, m, fb, sp, kind, subst);
            lowerer.Lower(body, hasSret, hasThis);
            _text.AddFunction(header + " !dbg " + sp, fb, keep);
        }
        catch (LoweringException e)
        {
            Report(e, loc);
        }
    }

    private void CheckRecursion()
    {
        var state = new Dictionary<string, int>();
        var stack = new List<string>();
        bool Visit(string n)
        {
            if (state.TryGetValue(n, out int s)) return s == 1 && Report(n);
            state[n] = 1;
            stack.Add(n);
            if (_calls.TryGetValue(n, out var next))
                foreach (var c in next.OrderBy(x => x, StringComparer.Ordinal))
                    if (Visit(c)) return true;
            stack.RemoveAt(stack.Count - 1);
            state[n] = 2;
            return false;
        }
        bool Report(string n)
        {
            string caller = stack[stack.Count - 1];
            _callSites.TryGetValue(caller + "->" + n, out var site);
            string name = n.Substring(0, n.IndexOf('|'));
            this.Report(BpfDiagnostics.Recursion, site, name.Replace("global::", string.Empty));
            return true;
        }
        foreach (var root in _calls.Keys.OrderBy(x => x, StringComparer.Ordinal).ToList())
            if (Visit(root)) return;
    }
}
