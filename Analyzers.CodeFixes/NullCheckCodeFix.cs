using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using CodeFirstBpf.Analyzers.Flow;
using CodeFirstBpf.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CodeFirstBpf.Analyzers.CodeFixes;

/// <summary>
/// BPF3002: checks the map value for null before use, either by wrapping the statement that
/// uses it in <c>if (v != null)</c>, or by returning early right after the lookup.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NullCheckCodeFix)), Shared]
public sealed class NullCheckCodeFix : CodeFixProvider
{
    /// <summary>Equivalence keys of the two fixes.</summary>
    public const string WrapKey = "NullCheck.Wrap", ReturnKey = "NullCheck.Return";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(BpfDiagnostics.NullCheck.Id);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => SequentialFixAll.Create(ApplyAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (await Plan(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } plan) return;
        if (plan.Wrap != null)
            context.RegisterCodeFix(CodeAction.Create("Use '" + plan.Name + "' only when it is not null", ct => ApplyAsync(context.Document, diagnostic, WrapKey, ct)!, WrapKey), diagnostic);
        if (plan.Return != null)
            context.RegisterCodeFix(CodeAction.Create("Return when '" + plan.Name + "' is null", ct => ApplyAsync(context.Document, diagnostic, ReturnKey, ct)!, ReturnKey), diagnostic);
    }

    private static async Task<Document?> ApplyAsync(Document document, Diagnostic diagnostic, string? key, System.Threading.CancellationToken ct)
    {
        if (await Plan(document, diagnostic, ct).ConfigureAwait(false) is not { } plan) return null;
        var newRoot = key == ReturnKey ? plan.Return?.Invoke() : plan.Wrap?.Invoke() ?? (key == null ? plan.Return?.Invoke() : null);
        return newRoot == null ? null : document.WithSyntaxRoot(newRoot);
    }

    /// <summary>The variable and the two rewrites the diagnostic allows (null where one does not apply).</summary>
    private static async Task<(string Name, System.Func<SyntaxNode>? Wrap, System.Func<SyntaxNode>? Return)?> Plan(Document document, Diagnostic diagnostic, System.Threading.CancellationToken ct)
    {
        if (!diagnostic.Properties.TryGetValue(PointerFlow.PointerProperty, out var name) || name == null) return null;
        var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
        if (root == null || model == null) return null;
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var statement = FixSyntax.GuardableStatement(node);
        if (statement == null) return null;

        System.Func<SyntaxNode>? wrap = null, ret = null;
        // Wrapping a declaration would hide the variable from the statements after it.
        if (statement is not LocalDeclarationStatementSyntax)
        {
            var wrapped = SyntaxFactory.IfStatement(SyntaxFactory.ParseExpression(name + " != null"), SyntaxFactory.Block(statement.WithoutTrivia()))
                .WithTriviaFrom(statement)
                .WithAdditionalAnnotations(Formatter.Annotation);
            wrap = () => root.ReplaceNode(statement, wrapped);
        }
        if (FixSyntax.EarlyReturn(model, node) is { } exit && Declaration(statement, name) is { } declaration && declaration.Parent is BlockSyntax or SwitchSectionSyntax)
        {
            var guard = FixSyntax.Parse("if (" + name + " == null) " + exit, root);
            var after = declaration.Parent is BlockSyntax b ? b.Statements[b.Statements.IndexOf(declaration) + 1] : null;
            ret = () => after != null
                ? FixSyntax.InsertBefore(root, after, guard)
                : root.InsertNodesAfter(declaration, new[] { guard.WithAdditionalAnnotations(Formatter.Annotation) });
        }
        return (name, wrap, ret);
    }

    /// <summary>The declaration of <paramref name="name"/> in a block enclosing <paramref name="use"/>, before it.</summary>
    private static LocalDeclarationStatementSyntax? Declaration(StatementSyntax use, string name)
    {
        foreach (var block in use.Ancestors().OfType<BlockSyntax>())
            foreach (var s in block.Statements)
            {
                if (s.SpanStart >= use.SpanStart) break;
                if (s is LocalDeclarationStatementSyntax d && d.Declaration.Variables.Any(v => v.Identifier.ValueText == name)) return d;
            }
        return null;
    }
}
