using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using CodeFirstBpf.Analyzers.Flow;
using CodeFirstBpf.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CodeFirstBpf.Analyzers.CodeFixes;

/// <summary>
/// BPF3001: inserts the missing bounds check before the statement that touches the packet,
/// <c>if (p + 1 &gt; ctx.DataEnd) return XdpAction.Pass;</c>, covering the bytes the access needs,
/// with the action that fits the program type (or the method's return type).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BoundsCheckCodeFix)), Shared]
public sealed class BoundsCheckCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(BpfDiagnostics.PacketBounds.Id);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => SequentialFixAll.Create(ApplyAsync);

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(PointerFlow.CheckProperty, out var check) || check == null
            || !diagnostic.Properties.TryGetValue(PointerFlow.EndProperty, out var end) || end == null)
            return Task.CompletedTask;
        context.RegisterCodeFix(
            CodeAction.Create("Check '" + check + " > " + end + "' first", ct => ApplyAsync(context.Document, diagnostic, null, ct)!, nameof(BoundsCheckCodeFix)),
            diagnostic);
        return Task.CompletedTask;
    }

    private static async Task<Document?> ApplyAsync(Document document, Diagnostic diagnostic, string? key, System.Threading.CancellationToken ct)
    {
        if (!diagnostic.Properties.TryGetValue(PointerFlow.CheckProperty, out var check) || check == null
            || !diagnostic.Properties.TryGetValue(PointerFlow.EndProperty, out var end) || end == null)
            return null;
        var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
        if (root == null || model == null) return null;
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var statement = FixSyntax.GuardableStatement(node);
        string? exit = FixSyntax.EarlyReturn(model, node);
        if (statement == null || exit == null) return null;
        var guard = FixSyntax.Parse("if (" + check + " > " + end + ") " + exit, root);
        // Two accesses in one statement ask for the same guard: the second finds it already there.
        if (statement.Parent is BlockSyntax block && block.Statements.IndexOf(statement) is > 0 and var at
            && block.Statements[at - 1].ToString() == guard.ToString().Trim())
            return null;
        return document.WithSyntaxRoot(FixSyntax.InsertBefore(root, statement, guard));
    }
}
