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

/// <summary>
/// Lowers one program class to one LLVM module: map definitions in <c>.maps</c>, one function per
/// <c>[Xdp]</c>/<c>[Tc]</c> method, every user method they reach (specialised per generic
/// instantiation), the licence, and the debug info BTF is made from. Reports every problem as a
/// <see cref="DiagnosticInfo"/>; never throws to the generator.
/// </summary>
internal sealed partial class ModuleLowerer
{
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

    /// <summary>The map declaration rules the analyzers report too (<see cref="DeclarationRules"/>).</summary>
    private static readonly HashSet<string> s_sharedDeclarationRules = new()
    {
        BpfDiagnostics.MapTypeArgument.Id, BpfDiagnostics.MapField.Id, BpfDiagnostics.MapSize.Id, BpfDiagnostics.InnerMap.Id,
    };

    /// <summary>A diagnostic with its location flattened for the equatable model (every diagnostic the lowering keeps is made here).</summary>
    private static DiagnosticInfo Info(DiagnosticDescriptor d, Location? where, object[] args, bool shared = false)
    {
        where ??= Location.None;
        return new DiagnosticInfo(d.Id, where.IsInSource ? where.SourceTree!.FilePath : string.Empty, where.SourceSpan, where.GetLineSpan().Span,
            new EquatableArray<string>(args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? string.Empty).ToImmutableArray()), shared);
    }

    /// <summary>Records code that needs BpfCpu <paramref name="minCpu"/>; the output step reports it when the build targets less.</summary>
    public void RequireCpu(string minCpu, Location where, string what, string alternative)
    {
        var r = new CpuRequirement(minCpu, Info(BpfDiagnostics.NeedsNewerCpu, where, new object[] { what, alternative }));
        if (!_cpuRequirements.Contains(r)) _cpuRequirements.Add(r);
    }

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
        Debug = new DebugInfo(_text, Layout, tree, (d, where, args) => Report(d, where, args));
    }

    public Compilation Compilation { get; }

    private int _passthroughs;

    /// <summary>A fresh sequence number for <c>llvm.bpf.passthrough</c> (equal numbers may be merged).</summary>
    public int NextPassthrough() => ++_passthroughs;

    private string? _packetAccess, _mapValueAccess;

    /// <summary>
    /// The metadata of a load or store through a pointer of known <paramref name="provenance"/>:
    /// packet and map value accesses are in two scopes of one domain, each declared not to alias the other.
    /// </summary>
    public string? AliasMetadata(Provenance provenance)
    {
        if (provenance is not (Provenance.Packet or Provenance.MapValue)) return null;
        if (_packetAccess == null)
        {
            MetadataTable md = _text.Metadata;
            string domain = md.Reserve(), packet = md.Reserve(), map = md.Reserve();
            md.Set(domain, "distinct !{" + domain + ", !\"CodeFirstBpf memory\"}");
            md.Set(packet, "distinct !{" + packet + ", " + domain + ", !\"packet\"}");
            md.Set(map, "distinct !{" + map + ", " + domain + ", !\"map value\"}");
            string packetList = md.Tuple(new[] { packet }), mapList = md.Tuple(new[] { map });
            _packetAccess = ", !alias.scope " + packetList + ", !noalias " + mapList;
            _mapValueAccess = ", !alias.scope " + mapList + ", !noalias " + packetList;
        }
        return provenance == Provenance.Packet ? _packetAccess : _mapValueAccess;
    }

    /// <summary>Records that some code of the class calls a helper that may move the packet (see <see cref="ModuleText.PacketMoves"/>).</summary>
    public void NotePacketMoves() => _text.PacketMoves = true;

    /// <summary>Records a CPU-dependent support function the code calls; the output step appends its body.</summary>
    public void RequireSupport(string function) => _text.RequireSupport(function);

    /// <summary>Declares an LLVM intrinsic the lowering calls.</summary>
    public void Declare(string declaration) => _text.Declare(declaration);
    public TypeLayout Layout { get; }
    public DebugInfo Debug { get; }


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
                if (!BpfSymbols.IsMapType(f.Type)) continue;
                try
                {
                    MapFor(f, f.Locations.FirstOrDefault());
                }
                catch (LoweringException e) when (e.Descriptor is { } d && s_sharedDeclarationRules.Contains(d.Id))
                {
                    // DeclarationRules, which the analyzers run too: reported once when they do.
                    Report(d, e.Location ?? f.Locations.FirstOrDefault(), shared: true, e.Args);
                }
                catch (LoweringException e)
                {
                    Report(e, f.Locations.FirstOrDefault());
                }
            }
            foreach (var f in _class.GetMembers().OfType<IFieldSymbol>())
            {
                if (!f.IsStatic || f.IsConst || BpfSymbols.IsMapType(f.Type) || f.IsImplicitlyDeclared || (f.IsReadOnly && !IsConfig(f))) continue;
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
                if (BpfSymbols.KindOf(m) is not { } kind) continue;
                if (!programNames.Add(m.Name))
                {
                    Report(BpfDiagnostics.DuplicateProgram, m.Locations.FirstOrDefault(), m.Name, _class.Name);
                    continue;
                }
                programs.Add(new ProgramModel(m.Name, kind.Name));
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
            !_diagnostics.Any(d => d.IsError) ? _text.Print() : string.Empty,
            new EquatableArray<ProgramModel>(programs.ToImmutableArray()),
            new EquatableArray<MapModel>(_maps.Values.ToImmutableArray()),
            new EquatableArray<DiagnosticInfo>(_diagnostics.ToImmutableArray()))
        {
            Globals = new EquatableArray<GlobalModel>(_globals.Values.ToImmutableArray()),
            CpuRequirements = new EquatableArray<CpuRequirement>(_cpuRequirements.ToImmutableArray()),
            Functions = new EquatableArray<FunctionSite>(_functionSites.ToImmutableArray()),
            Support = new EquatableArray<string>(_text.Support.ToImmutableArray()),
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
            if (member is IFieldSymbol { IsStatic: true, IsImplicitlyDeclared: false } || (member is IMethodSymbol ms && BpfSymbols.KindOf(ms) != null))
                _usedNames.Add(member.Name);
    }

    /// <summary>Whether generated members can join the class: static partial at namespace level.</summary>
    public static bool CanExtend(INamedTypeSymbol cls)
        => cls.IsStatic && cls.ContainingType == null
           && cls.DeclaringSyntaxReferences.All(r => r.GetSyntax() is ClassDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.PartialKeyword));

    private void CheckClass()
    {
        if (DeclarationRules.ProgramClass(_class) is { } wrong)
            throw new LoweringException("class", wrong.Location, wrong.Descriptor, wrong.Args);
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
        var info = Info(d, loc, args, shared);
        if (!_diagnostics.Contains(info)) _diagnostics.Add(info);
    }

    private void Report(LoweringException e, Location? fallback = null)
        => Report(e.Descriptor ?? BpfDiagnostics.InternalError, e.Location ?? fallback ?? _class.Locations.FirstOrDefault(),
            e.Descriptor != null ? e.Args : new object[] { e.Message });
}
