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
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(PointerFlow.PointerProperty, out var name) || name == null) return;
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root == null || model == null) return;
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var statement = FixSyntax.GuardableStatement(node);
        if (statement == null) return;

        // Wrapping a declaration would hide the variable from the statements after it.
        if (statement is not LocalDeclarationStatementSyntax)
        {
            var wrapped = SyntaxFactory.IfStatement(SyntaxFactory.ParseExpression(name + " != null"), SyntaxFactory.Block(statement.WithoutTrivia()))
                .WithTriviaFrom(statement)
                .WithAdditionalAnnotations(Formatter.Annotation);
            context.RegisterCodeFix(
                CodeAction.Create("Use '" + name + "' only when it is not null", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(statement, wrapped))), WrapKey),
                diagnostic);
        }

        if (FixSyntax.EarlyReturn(model, node) is { } exit && Declaration(statement, name) is { } declaration && declaration.Parent is BlockSyntax or SwitchSectionSyntax)
        {
            var guard = FixSyntax.Parse("if (" + name + " == null) " + exit, root);
            var after = declaration.Parent is BlockSyntax b ? b.Statements[b.Statements.IndexOf(declaration) + 1] : null;
            context.RegisterCodeFix(
                CodeAction.Create("Return when '" + name + "' is null", _ =>
                {
                    SyntaxNode newRoot = after != null
                        ? FixSyntax.InsertBefore(root, after, guard)
                        : root.InsertNodesAfter(declaration, new[] { guard.WithAdditionalAnnotations(Formatter.Annotation) });
                    return Task.FromResult(context.Document.WithSyntaxRoot(newRoot));
                }, ReturnKey),
                diagnostic);
        }
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
