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
        _text.AddGlobal(new IrGlobal(field.Name, stored.ToString(), initText, section, l.Align, debug: dbg), keep: true);
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
        string symbol = UniqueName("__fmt_" + _strings.Count.ToString(CultureInfo.InvariantCulture));
        name = "@" + symbol;
        _text.AddGlobal(IrGlobal.CString(symbol, s, ".rodata", isConstant: true, isInternal: true), keep: false);
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
        _text.AddGlobal(IrGlobal.CString(symbol, license, "license", isConstant: false, isInternal: false, dbg), keep: true);
    }
}
