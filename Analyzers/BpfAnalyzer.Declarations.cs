using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.Frontend;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Analyzers;

/// <summary>The declaration rules, live: the same <see cref="DeclarationRules"/> the generator applies.</summary>
public sealed partial class BpfAnalyzer
{
    private static bool IsProgramClass(INamedTypeSymbol? type)
    {
        if (type == null) return false;
        foreach (var member in type.GetMembers())
            if (member is IMethodSymbol m && BpfSymbols.KindOf(m) != null) return true;
        return false;
    }

    private static void Report(SymbolAnalysisContext context, SubsetViolation? v)
    {
        if (v is { } violation) context.ReportDiagnostic(Diagnostic.Create(violation.Descriptor, violation.Location, violation.Args));
    }

    /// <summary>BPF2005 (the class) and BPF2001 (each program's signature).</summary>
    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!IsProgramClass(type)) return;
        Report(context, DeclarationRules.ProgramClass(type));
        foreach (var member in type.GetMembers())
            if (member is IMethodSymbol m && BpfSymbols.KindOf(m) is { } kind)
                Report(context, DeclarationRules.ProgramSignature(m, kind));
    }

    /// <summary>BPF2003 (static readonly), BPF2002 (unmanaged key and value) and BPF2004 for a map without initializer.</summary>
    private static void AnalyzeField(SymbolAnalysisContext context)
    {
        var field = (IFieldSymbol)context.Symbol;
        if (!BpfSymbols.IsMapType(field.Type) || !IsProgramClass(field.ContainingType)) return;
        foreach (var v in DeclarationRules.MapField(field)) Report(context, v);
        foreach (var r in field.DeclaringSyntaxReferences)
            if (r.GetSyntax(context.CancellationToken) is VariableDeclaratorSyntax { Initializer: null })
                context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.MapSize, field.Locations[0], field.Name));
    }

    /// <summary>BPF2004: the map is sized by a positive constant that fits <c>max_entries</c>; BPF2012: a map of maps' template is readable.</summary>
    private static void AnalyzeMapInitializer(OperationBlockAnalysisContext context, IFieldSymbol field)
    {
        if (!BpfSymbols.IsMapType(field.Type) || !IsProgramClass(field.ContainingType)) return;
        foreach (var block in context.OperationBlocks)
            if (block is IFieldInitializerOperation init)
            {
                if (DeclarationRules.MapSize(field, init.Value) == null)
                    context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.MapSize, field.Locations[0], field.Name));
                if (DeclarationRules.InnerTemplateRule(field, init.Value) is { } v)
                    context.ReportDiagnostic(Diagnostic.Create(v.Descriptor, v.Location, v.Args));
            }
    }
}
