using System.Globalization;
using CodeFirstBpf.Diagnostics;
using CodeFirstBpf.Generator.Frontend;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CodeFirstBpf.Analyzers;

public sealed partial class BpfAnalyzer
{
    private static bool IsProgramClass(INamedTypeSymbol? type)
    {
        if (type == null) return false;
        foreach (var member in type.GetMembers())
            if (member is IMethodSymbol m && BpfSymbols.KindOf(m) != ProgramKind.None) return true;
        return false;
    }

    /// <summary>BPF2005 (the class) and BPF2001 (each program's signature), as the generator checks them.</summary>
    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!IsProgramClass(type)) return;
        bool partial = true;
        foreach (var r in type.DeclaringSyntaxReferences)
            partial &= r.GetSyntax(context.CancellationToken) is ClassDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.PartialKeyword);
        if (!type.IsStatic || !partial || type.ContainingType != null)
            context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.ProgramClass, type.Locations[0], type.Name));
        foreach (var member in type.GetMembers())
        {
            if (member is not IMethodSymbol m) continue;
            ProgramKind kind = BpfSymbols.KindOf(m);
            if (kind == ProgramKind.None) continue;
            string contextType = kind == ProgramKind.Xdp ? "XdpContext" : "TcContext";
            string action = kind == ProgramKind.Xdp ? "XdpAction" : "TcAction";
            bool ok = m.IsStatic && !m.IsGenericMethod && m.Parameters.Length == 1 && m.Parameters[0].RefKind == RefKind.None
                && IsDataplaneType(m.Parameters[0].Type, contextType) && IsDataplaneType(m.ReturnType, action);
            if (!ok) context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.ProgramSignature, m.Locations[0], m.Name, action, contextType));
        }
    }

    private static bool IsDataplaneType(ITypeSymbol t, string name)
        => t.Name == name && t.ContainingNamespace?.ToDisplayString() == "CodeFirstBpf";

    /// <summary>BPF2003 (static readonly), BPF2002 (unmanaged key and value) and BPF2004 for a map without initializer.</summary>
    private static void AnalyzeField(SymbolAnalysisContext context)
    {
        var field = (IFieldSymbol)context.Symbol;
        if (!BpfSymbols.IsMapType(field.Type) || !IsProgramClass(field.ContainingType)) return;
        var at = field.Locations[0];
        if (!field.IsStatic || !field.IsReadOnly)
            context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.MapField, at, field.Name));
        if (field.Type is INamedTypeSymbol named)
            foreach (var t in named.TypeArguments)
                if (!t.IsUnmanagedType || t.TypeKind == TypeKind.Pointer || BpfSymbols.IsContext(t))
                    context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.MapTypeArgument, at, t.ToDisplayString()));
        foreach (var r in field.DeclaringSyntaxReferences)
            if (r.GetSyntax(context.CancellationToken) is VariableDeclaratorSyntax { Initializer: null })
                context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.MapSize, at, field.Name));
    }

    /// <summary>BPF2004: the map is sized by a positive constant that fits <c>max_entries</c>.</summary>
    private static void AnalyzeMapInitializer(OperationBlockAnalysisContext context, IFieldSymbol field)
    {
        if (!BpfSymbols.IsMapType(field.Type) || !IsProgramClass(field.ContainingType)) return;
        foreach (var block in context.OperationBlocks)
        {
            if (block is not IFieldInitializerOperation init) continue;
            IOperation value = init.Value;
            while (value is IConversionOperation c) value = c.Operand;
            // A perf event array without a size gets one entry per CPU from libbpf.
            if (value is IObjectCreationOperation { Arguments.Length: 0 } && field.Type.Name == "PerfEventArrayMap") continue;
            if (value is IObjectCreationOperation { Arguments.Length: > 0 } oc && oc.Arguments[0].Value.ConstantValue is { HasValue: true, Value: { } v }
                && v is not string and not bool)
            {
                long n = System.Convert.ToInt64(v, CultureInfo.InvariantCulture);
                if (n > 0 && n <= uint.MaxValue) continue;
            }
            context.ReportDiagnostic(Diagnostic.Create(BpfDiagnostics.MapSize, field.Locations[0], field.Name));
        }
    }
}
