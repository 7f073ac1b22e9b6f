using System.Collections.Generic;
using System.Globalization;
using CodeFirstBpf.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Generator.Frontend;

/// <summary>
/// The declaration rules (BPF2001–BPF2004): the program class, a program's signature, a map
/// field and its size. One implementation, linked into the analyzers, so the IDE and the build
/// judge a declaration the same way (they used to differ, e.g. on the signature's namespace).
/// </summary>
internal static class DeclarationRules
{
    /// <summary>BPF2005: a program class is <c>static partial</c> at namespace level.</summary>
    public static SubsetViolation? ProgramClass(INamedTypeSymbol type)
    {
        bool partial = true;
        foreach (var r in type.DeclaringSyntaxReferences)
            partial &= r.GetSyntax() is ClassDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.PartialKeyword);
        return type.IsStatic && partial && type.ContainingType == null ? null
            : new SubsetViolation(BpfDiagnostics.ProgramClass, type.Locations[0], type.Name);
    }

    /// <summary>The context and result types of a program kind.</summary>
    public static (string Context, string Action) Signature(ProgramKind kind)
        => kind == ProgramKind.Xdp ? ("XdpContext", "XdpAction") : ("TcContext", "TcAction");

    /// <summary>BPF2001: <c>static TAction M(TContext ctx)</c>, not generic, the context by value.</summary>
    public static SubsetViolation? ProgramSignature(IMethodSymbol m, ProgramKind kind)
    {
        var (context, action) = Signature(kind);
        bool ok = m.IsStatic && !m.IsGenericMethod && m.Parameters.Length == 1 && m.Parameters[0].RefKind == RefKind.None
            && IsDataplaneType(m.Parameters[0].Type, context) && IsDataplaneType(m.ReturnType, action);
        return ok ? null : new SubsetViolation(BpfDiagnostics.ProgramSignature, m.Locations[0], m.Name, action, context);
    }

    private static bool IsDataplaneType(ITypeSymbol t, string name)
        => t.Name == name && t.ContainingNamespace?.ToDisplayString() == "CodeFirstBpf";

    /// <summary>BPF2003 (static readonly) and BPF2002 (each key and value type unmanaged, not a pointer, context or tuple).</summary>
    public static IEnumerable<SubsetViolation> MapField(IFieldSymbol field)
    {
        Location at = field.Locations[0];
        if (!field.IsStatic || !field.IsReadOnly) yield return new SubsetViolation(BpfDiagnostics.MapField, at, field.Name);
        if (field.Type is not INamedTypeSymbol named) yield break;
        foreach (var t in named.TypeArguments)
            if (!t.IsUnmanagedType || t.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || BpfSymbols.IsContext(t) || CLayout.IsValueTuple(t))
                yield return new SubsetViolation(BpfDiagnostics.MapTypeArgument, at, t.ToDisplayString());
    }

    /// <summary>
    /// BPF2004: the size a map's initializer gives it — a positive constant that fits
    /// <c>max_entries</c> — or null when it has none; a perf event array without one gets 0
    /// (libbpf sizes it to the number of CPUs).
    /// </summary>
    public static uint? MapSize(IFieldSymbol field, IOperation? initializerValue)
    {
        IOperation? value = initializerValue;
        while (value is IConversionOperation c) value = c.Operand;
        if (value is not IObjectCreationOperation oc) return null;
        // The size is the constructor's uint parameter (maxEntries, sizeBytes); the flags may come first by name.
        IArgumentOperation? size = null;
        foreach (var a in oc.Arguments)
            if (a.Parameter?.Type.SpecialType == SpecialType.System_UInt32) size = a;
        if (size == null && field.Type.Name == "PerfEventArrayMap") return 0;
        if (size?.Value.ConstantValue is { HasValue: true, Value: { } v } && v is not string and not bool)
        {
            long n = System.Convert.ToInt64(v, CultureInfo.InvariantCulture);
            if (n > 0 && n <= uint.MaxValue) return (uint)n;
        }
        return null;
    }
}
