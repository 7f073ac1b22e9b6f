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

    /// <summary>Names the C library may give meaning to; a helper named so is qualified.</summary>
    private static readonly HashSet<string> s_libraryNames = new() { "memcpy", "memmove", "memset", "memcmp", "bcmp", "strlen" };

    /// <summary>
    /// The ELF symbol of a BPF-to-BPF function: its method name, as a C programmer would have it in
    /// <c>bpftool prog</c> and verifier logs; qualified with its type (<c>Type__Method</c>) only
    /// when that name is taken (an overload, a same-named method of another type, a map or global,
    /// a program), then numbered. Accessors, operators and constructors are always qualified
    /// (<c>Flow__get_Average</c>, <c>Flow__ctor</c>). Request order is the
    /// source order of the calls, so names are deterministic.
    /// </summary>
    private string FunctionName(IMethodSymbol method, string typeArgs)
    {
        string qualified = method.ContainingType.Name + "__" + (method.MethodKind == MethodKind.Constructor ? "ctor" : method.Name) + typeArgs;
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)) return UniqueName(qualified); // accessors, operators, constructors
        string bare = Sanitize(method.Name + typeArgs);
        return _usedNames.Contains(bare) || s_libraryNames.Contains(bare) ? UniqueName(qualified) : UniqueName(bare);
    }

    private static string Sanitize(string hint)
    {
        var sb = new StringBuilder();
        foreach (char c in hint) sb.Append(char.IsLetterOrDigit(c) && c < 128 ? c : '_');
        return sb.ToString();
    }

    private string UniqueName(string hint)
    {
        string name = Sanitize(hint);
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
        if (BpfSymbols.KindOf(method) != null)
            throw new LoweringException("call program", site, BpfDiagnostics.Unsupported, "Calling a program method", "programs are entry points; move shared code into a helper method");
        ITypeSymbol ret = method.MethodKind == MethodKind.Constructor ? Compilation.GetSpecialType(SpecialType.System_Void) : method.ReturnType;
        bool sret = TypeLayout.IsStruct(ret);
        bool hasThis = !method.IsStatic;
        LType retType = ret.SpecialType == SpecialType.System_Void || sret ? LType.Void : (Layout.Scalar(ret) ?? throw TypeLayout.Unsupported(ret, site));
        if (method.ReturnsByRef || method.ReturnsByRefReadonly) throw new LoweringException("ref return", site, BpfDiagnostics.Unsupported, "A ref return", "return a pointer instead");
        string typeArgs = method.IsGenericMethod ? "_" + string.Join("_", method.TypeArguments.Select(a => a.Name)) : string.Empty;
        string name = FunctionName(method, typeArgs);
        var attrs = new List<string>();
        if (sret) attrs.Add("noalias noundef");
        if (hasThis) attrs.Add("noundef");
        var subst = SubstitutionOf(method);
        foreach (var p in method.Parameters) attrs.Add(ParamAttrs(p, Substitute(p.Type, subst)));
        var info = new FunctionInfo(name, retType, attrs.Count, sret, hasThis, attrs);
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
        LValue index = fb.Cast(CastOp.Trunc, fb.Param(0), LType.I32);
        LValue result = fb.Call(LType.I64, "@" + target.Name, new[] { index, fb.Param(1) });
        LValue stop = fb.ICmp(IntPredicate.Ne, result, LValue.Const(LType.I64, 0));
        fb.Ret(fb.Cast(CastOp.ZExt, stop, LType.I64));
        _text.AddFunction(new IrFunction(fb, FunctionAttributes.NoInline, section: null, sp), keep: false);
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
        if (DeclarationRules.ProgramSignature(m, kind) is { } wrong)
        {
            Report(wrong.Descriptor, wrong.Location, wrong.Args);
            return;
        }
        string pname = "a." + m.Parameters[0].Name;
        var fb = new FunctionBuilder(m.Name, LType.I32, new[] { (LType.Ptr, pname, "noundef") });
        string section = kind.Section!;
        LowerBody(m, fb, kind, global: true, FunctionAttributes.Program, section, keep: true,
            new Dictionary<ITypeParameterSymbol, ITypeSymbol>(SymbolEqualityComparer.Default), hasSret: false, hasThis: false);
    }

    /// <summary>
    /// A parameter's attributes as clang gives them: <c>noundef</c>, and on a by-value bool or
    /// integer narrower than 32 bits <c>zeroext</c> (unsigned, bool) or <c>signext</c> (signed), so
    /// the caller extends it once and the callee does not mask it again (<c>w1 &amp;= 1</c>).
    /// </summary>
    private static string ParamAttrs(IParameterSymbol p, ITypeSymbol t)
    {
        if (p.RefKind != RefKind.None) return "noundef";
        ITypeSymbol s = t is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } u } ? u : t;
        return s.SpecialType switch
        {
            SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_Char => "noundef zeroext",
            SpecialType.System_SByte or SpecialType.System_Int16 => "noundef signext",
            _ => "noundef",
        };
    }

    private void LowerHelper(IMethodSymbol m, FunctionInfo info)
    {
        var subst = SubstitutionOf(m);
        var ps = new List<(LType, string, string)>();
        if (info.HasSret) ps.Add((LType.Ptr, "a.ret", info.ParamAttrs[0]));
        if (info.HasThis) ps.Add((LType.Ptr, "a.this", info.ParamAttrs[ps.Count]));
        foreach (var p in m.Parameters)
        {
            ITypeSymbol t = Substitute(p.Type, subst);
            bool byPtr = p.RefKind != RefKind.None || TypeLayout.IsStruct(t);
            ps.Add((byPtr ? LType.Ptr : (Layout.Scalar(t) ?? throw TypeLayout.Unsupported(t, p.Locations.FirstOrDefault())), "a." + p.Name, info.ParamAttrs[ps.Count]));
        }
        var fb = new FunctionBuilder(info.Name, info.Return, ps);
        LowerBody(m, fb, null, global: false, IsNoInlining(m) ? FunctionAttributes.NoInline : FunctionAttributes.AlwaysInline, section: null, keep: false,
            subst, info.HasSret, info.HasThis);
    }

    private void LowerBody(IMethodSymbol m, FunctionBuilder fb, ProgramKind? kind, bool global, FunctionAttributes attributes, string? section, bool keep,
        Dictionary<ITypeParameterSymbol, ITypeSymbol> subst, bool hasSret, bool hasThis)
    {
        Location loc = m.Locations.FirstOrDefault() ?? Location.None;
        _functionSites.Add(new FunctionSite(fb.Name, m.Name, Info(BpfDiagnostics.StackTooLarge, loc, Array.Empty<object>())));
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
            // The frame estimate the analyzers report too (shared: said once); the back end checks what LLVM really allocates.
            if (body != null && StackEstimate.Bytes(m, body, Layout.C) is var stack && stack > StackEstimate.Limit)
            {
                Report(BpfDiagnostics.StackTooLarge, loc, shared: true, new object[] { m.Name, "about " + stack.ToString(CultureInfo.InvariantCulture) });
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
            string retDi = fb.ReturnType.IsVoid ? "null" : kind != null ? Debug.IntType : Debug.TypeOf(Substitute(m.ReturnType, subst));
            var (sp, vars) = Debug.Subprogram(fb.Name, file, line, !global, retDi, diParams);
            fb.DebugLocation = Debug.Location(line, 1, sp);
            for (int i = 0; i < vars.Count; i++)
                fb.Raw("call void @llvm.dbg.value(metadata " + fb.Parameters[i].Type + " %" + fb.Parameters[i].Name + ", metadata " + vars[i] + ", metadata !DIExpression())");
            var lowerer = new MethodLowerer(this, m, fb, sp, kind, subst);
            lowerer.Lower(body, hasSret, hasThis);
            _text.AddFunction(new IrFunction(fb, attributes, section, sp), keep);
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
