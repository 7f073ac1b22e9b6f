using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using CodeFirstBpf.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CodeFirstBpf.Analyzers.CodeFixes;

/// <summary>
/// BPF1009 (and CS1579, which C# itself reports for a fixed buffer): turns <c>foreach</c> over a
/// <c>fixed</c> buffer or an <c>[InlineArray]</c> struct into a <c>for</c> loop with the buffer's
/// length as its constant bound, which the verifier can see.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ForeachToForCodeFix)), Shared]
public sealed class ForeachToForCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(BpfDiagnostics.Foreach.Id, "CS1579");

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => SequentialFixAll.Create(ApplyAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (await Plan(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } plan) return;
        context.RegisterCodeFix(
            CodeAction.Create("Convert to a for loop of " + plan.Length.ToString(CultureInfo.InvariantCulture),
                ct => ApplyAsync(context.Document, diagnostic, null, ct)!, nameof(ForeachToForCodeFix)),
            diagnostic);
    }

    private static async Task<Document?> ApplyAsync(Document document, Diagnostic diagnostic, string? key, System.Threading.CancellationToken ct)
    {
        if (await Plan(document, diagnostic, ct).ConfigureAwait(false) is not { } plan) return null;
        return document.WithSyntaxRoot(plan.Root.ReplaceNode(plan.Loop, Rewrite(plan.Loop, plan.Index, plan.Length, FixSyntax.EndOfLine(plan.Root))));
    }

    private static async Task<(SyntaxNode Root, ForEachStatementSyntax Loop, int Length, string Index)?> Plan(Document document, Diagnostic diagnostic, System.Threading.CancellationToken ct)
    {
        var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
        if (root == null || model == null) return null;
        var loop = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ForEachStatementSyntax>().FirstOrDefault();
        if (loop == null || loop.Expression.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or AssignmentExpressionSyntax)) return null;
        int? length = Length(model, loop.Expression);
        if (length == null) return null;
        return (root, loop, length.Value, FreeName(model, loop));
    }

    /// <summary>The element count of a fixed buffer or an inline array, or null for anything else.</summary>
    private static int? Length(SemanticModel model, ExpressionSyntax collection)
    {
        if (model.GetSymbolInfo(collection).Symbol is IFieldSymbol { IsFixedSizeBuffer: true } buffer) return buffer.FixedSize;
        var type = model.GetTypeInfo(collection).Type;
        foreach (var a in type?.GetAttributes() ?? ImmutableArray<AttributeData>.Empty)
            if (a.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.InlineArrayAttribute" && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is int n)
                return n;
        return null;
    }

    private static string FreeName(SemanticModel model, ForEachStatementSyntax loop)
    {
        var taken = new HashSet<string>(model.LookupSymbols(loop.SpanStart).Select(s => s.Name));
        foreach (var token in loop.DescendantTokens())
            if (token.IsKind(SyntaxKind.IdentifierToken)) taken.Add(token.ValueText);
        foreach (var candidate in new[] { "i", "j", "k", "index" })
            if (!taken.Contains(candidate)) return candidate;
        for (int n = 1; ; n++)
            if (!taken.Contains("i" + n.ToString(CultureInfo.InvariantCulture))) return "i" + n.ToString(CultureInfo.InvariantCulture);
    }

    private static StatementSyntax Rewrite(ForEachStatementSyntax loop, string index, int length, SyntaxTrivia endOfLine)
    {
        var element = SyntaxFactory.ParseStatement(loop.Type.ToString() + " " + loop.Identifier.ValueText + " = " + loop.Expression.WithoutTrivia() + "[" + index + "];").WithTrailingTrivia(endOfLine);
        var body = loop.Statement is BlockSyntax block
            ? block.WithStatements(block.Statements.Insert(0, element))
            : SyntaxFactory.Block(element, loop.Statement.WithoutTrivia().WithTrailingTrivia(endOfLine));
        var header = (ForStatementSyntax)SyntaxFactory.ParseStatement(
            "for (int " + index + " = 0; " + index + " < " + length.ToString(CultureInfo.InvariantCulture) + "; " + index + "++) { }");
        return header.WithStatement(body).WithTriviaFrom(loop).WithAdditionalAnnotations(Formatter.Annotation);
    }
}
