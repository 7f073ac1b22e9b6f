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

    /// <summary>
    /// BPF2001: <c>static TResult M(TContext ctx)</c> with the context and result of the program
    /// type's facts, not generic, the context by value; BPF1001 for a hook argument that names no hook.
    /// </summary>
    public static SubsetViolation? ProgramSignature(IMethodSymbol m, ProgramKind kind)
    {
        if (kind.Section == null)
            return new SubsetViolation(BpfDiagnostics.Unsupported, m.Locations[0], "A [" + kind.Name + "] hook that is not a named member of its enum",
                "pass one of the enum's named hooks (each names the ELF section libbpf attaches by)");
        bool ok = m.IsStatic && !m.IsGenericMethod && m.Parameters.Length == 1 && m.Parameters[0].RefKind == RefKind.None
            && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, kind.Context) && SymbolEqualityComparer.Default.Equals(m.ReturnType, kind.Result);
        return ok ? null : new SubsetViolation(BpfDiagnostics.ProgramSignature, m.Locations[0], m.Name,
            kind.Result.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), kind.Context.Name);
    }

    /// <summary>BPF2003 (static readonly) and BPF2002 (each key and value type unmanaged, not a pointer, context or tuple).</summary>
    public static IEnumerable<SubsetViolation> MapField(IFieldSymbol field)
    {
        Location at = field.Locations[0];
        if (!field.IsStatic || !field.IsReadOnly) yield return new SubsetViolation(BpfDiagnostics.MapField, at, field.Name);
        if (field.Type is not INamedTypeSymbol named) yield break;
        foreach (var t in named.TypeArguments)
        {
            if (BpfSymbols.IsMapType(t))
            {
                // A map of maps: the inner map type, then its own key and value.
                if (InnerMapRefusal(t) is { } why) yield return new SubsetViolation(BpfDiagnostics.InnerMap, at, field.Name, why);
                else foreach (var inner in ((INamedTypeSymbol)t).TypeArguments)
                    if (!IsKeyOrValue(inner)) yield return new SubsetViolation(BpfDiagnostics.MapTypeArgument, at, inner.ToDisplayString());
            }
            else if (!IsKeyOrValue(t))
                yield return new SubsetViolation(BpfDiagnostics.MapTypeArgument, at, t.ToDisplayString());
        }
    }

    private static bool IsKeyOrValue(ITypeSymbol t)
        => t.IsUnmanagedType && t.TypeKind is not (TypeKind.Pointer or TypeKind.FunctionPointer) && !BpfSymbols.IsContext(t) && !CLayout.IsValueTuple(t);

    /// <summary>Why <paramref name="inner"/> cannot be the inner map of a map of maps, or null when it can.</summary>
    public static string? InnerMapRefusal(ITypeSymbol inner)
    {
        if (inner.Name is "ArrayOfMaps" or "HashOfMaps") return "the kernel nests maps of maps one level deep only, so an inner map cannot hold maps";
        if (!BpfFacts.IsInnerMapKind(inner))
            return "a " + inner.Name + " cannot be an inner map (the kernel takes every map kind but program arrays and maps of maps)";
        return null;
    }

    /// <summary>
    /// A map of maps' <c>innerTemplate:</c> argument as the inner map's creation, or null when the
    /// initializer has none or it is not a <c>new</c> expression the build can read.
    /// </summary>
    public static IObjectCreationOperation? InnerTemplate(IOperation? initializerValue)
    {
        IOperation? template = InnerTemplateArgument(initializerValue);
        while (template is IConversionOperation tc) template = tc.Operand;
        return template as IObjectCreationOperation;
    }

    /// <summary>The value passed as a map of maps' <c>innerTemplate:</c>, or null.</summary>
    private static IOperation? InnerTemplateArgument(IOperation? initializerValue)
    {
        IOperation? value = initializerValue;
        while (value is IConversionOperation c) value = c.Operand;
        if (value is not IObjectCreationOperation oc) return null;
        foreach (var a in oc.Arguments)
            if (a.Parameter?.Name == "innerTemplate") return a.Value;
        return null;
    }

    /// <summary>
    /// BPF2012 for a map of maps whose template the build cannot read: it must be a <c>new</c>
    /// expression with a constant size, since the inner map's shape is fixed in the ELF object.
    /// </summary>
    public static SubsetViolation? InnerTemplateRule(IFieldSymbol field, IOperation? initializerValue)
    {
        if (field.Type is not INamedTypeSymbol { TypeArguments.Length: > 0 } named || !BpfSymbols.IsMapType(named.TypeArguments[named.TypeArguments.Length - 1])) return null;
        if (initializerValue == null) return null; // BPF2004 covers a map without an initializer
        IObjectCreationOperation? template = InnerTemplate(initializerValue);
        if (template == null)
            return new SubsetViolation(BpfDiagnostics.InnerMap, (InnerTemplateArgument(initializerValue) ?? initializerValue).Syntax.GetLocation(), field.Name,
                "the inner template must be written in place as 'innerTemplate: new " + named.TypeArguments[named.TypeArguments.Length - 1].Name + "<…>(maxEntries: N)' (its shape is fixed in the ELF object)");
        uint? size = MapSize(template.Type!, template);
        if (size == null)
            return new SubsetViolation(BpfDiagnostics.InnerMap, template.Syntax.GetLocation(), field.Name, "the inner template's size must be a positive compile-time constant");
        if (size == 0)
            return new SubsetViolation(BpfDiagnostics.InnerMap, template.Syntax.GetLocation(), field.Name,
                "an inner perf event array needs its size (libbpf sizes only a top-level one to the CPU count): new PerfEventArrayMap<T>(maxEntries: N)");
        return null;
    }

    /// <summary>
    /// BPF2004: the size a map's initializer gives it — a positive constant that fits
    /// <c>max_entries</c> — or null when it has none; a perf event array without one gets 0
    /// (libbpf sizes it to the number of CPUs).
    /// </summary>
    public static uint? MapSize(IFieldSymbol field, IOperation? initializerValue) => MapSize(field.Type, initializerValue);

    /// <summary>The size a map creation gives a map of type <paramref name="mapType"/> (see the field overload).</summary>
    public static uint? MapSize(ITypeSymbol mapType, IOperation? initializerValue)
    {
        IOperation? value = initializerValue;
        while (value is IConversionOperation c) value = c.Operand;
        if (value is not IObjectCreationOperation oc) return null;
        // The size is the constructor's uint parameter (maxEntries, sizeBytes); the flags may come first by name.
        IArgumentOperation? size = null;
        foreach (var a in oc.Arguments)
            if (a.Parameter?.Type.SpecialType == SpecialType.System_UInt32) size = a;
        if (size == null && mapType.Name == "PerfEventArrayMap") return 0;
        if (size?.Value.ConstantValue is { HasValue: true, Value: { } v } && v is not string and not bool)
        {
            long n = System.Convert.ToInt64(v, CultureInfo.InvariantCulture);
            if (n > 0 && n <= uint.MaxValue) return (uint)n;
        }
        return null;
    }
}
